from tests.oidc_provider import USERS

VERIFIED = {email: verified for _, email, verified in USERS}


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = VERIFIED.get(user.email, False)
    claims["given_name"] = user.username.title()
    return claims
