"""What every page's Content-Security-Policy must say: nothing inline runs or styles a page."""

# The demo mailbox shows an e-mail as a mail program would: its style attributes apply, in a
# sandbox with no scripts (lindra.mail.views.MAIL_AS_SHOWN). The demo only; never in production.
INLINE_STYLE_ATTRIBUTES_ALLOWED = {"mail:message_html"}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def csp_problems(response, name: str = "") -> list[str]:
    """What is wrong with a response's policy, or nothing."""
    header = response.get("Content-Security-Policy")
    if not header:
        return ["no Content-Security-Policy header"]
    policy = directives(header)
    problems = []
    inline = {directive for directive, values in policy.items() if "'unsafe-inline'" in values}
    if inline and not (name in INLINE_STYLE_ATTRIBUTES_ALLOWED and inline == {"style-src-attr"}):
        problems.append(f"'unsafe-inline' in {header}")
    if "'unsafe-eval'" in header:
        problems.append(f"'unsafe-eval' in {header}")
    for needed in ("default-src", "frame-ancestors", "base-uri", "form-action"):
        if needed not in policy:
            problems.append(f"no {needed} in {header}")
    return problems
