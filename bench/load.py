"""Thirty people at once: a load test of Lindra served by gunicorn on the bench data.

    make bench-load                          # 30 people for 10 minutes, SQLite bench data
    make bench-load MINUTES=2 USERS=60       # shorter, more people
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lindra_loadtest make bench-load

Each simulated person signs in as one of the roles of the bench data through the real
sign-in form (the secretariat also with a code from its app), clicks through what that role
uses (home page, the year of every group, a group's year, the member list and its search,
name lists, people's pages, the annual report, the members' years, a member's year, meetings,
the nearest leader's page, a form), reads each page for a second or so, signs out after a
while and in again. The data is made once (bench/data.py, bench/generate.py); gunicorn is
started as the README's deployment section says, on a free port.

Prints, per kind of page and overall, the requests, the errors (an answer other than the one
expected, or a failed connection), and the median, 95th and 99th percentile in milliseconds;
writes bench/load-results.json. Exits 1 if there was an error or the 99th percentile overall
is a second or more.
"""

import argparse
import datetime as dt
import http.client
import http.cookiejar
import json
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.data import HERE, SCALE, prepare

# Of every thirty people signed in at once: who they are.
ROLE_SHARE = {"secretariat": 5, "group_leader": 6, "host": 3, "nearest_leader": 4, "member": 12}

# What each role opens, and how often (relative weights).
MIX = {
    "secretariat": {
        "home page": 10,
        "year of every group": 10,
        "group's year": 10,
        "member list": 10,
        "member search": 10,
        "name list": 10,
        "person's page": 15,
        "annual report": 5,
        "members' years": 5,
        "meeting page": 10,
        "form page": 5,
    },
    "group_leader": {
        "home page": 15,
        "group's year": 15,
        "name list": 15,
        "person's page": 10,
        "member's year": 10,
        "members' years": 10,
        "meeting page": 20,
        "form page": 5,
    },
    "host": {"home page": 20, "meeting page": 30, "form page": 20, "name list": 10, "member's year": 10},
    "nearest_leader": {"home page": 20, "staff page": 30, "member's year": 25, "person's page": 15, "form page": 10},
    "member": {"home page": 25, "meeting page": 30, "member's year": 20, "name list": 10, "form page": 10},
}
SIGN_IN_KINDS = ["sign-in page", "sign in", "two-factor page", "two-factor code", "sign out"]
PAGE_KINDS = [
    "home page",
    "year of every group",
    "group's year",
    "member list",
    "member search",
    "name list",
    "person's page",
    "annual report",
    "members' years",
    "member's year",
    "meeting page",
    "staff page",
    "form page",
]
SEARCHES = ["kari", "ola", "ingrid", "per", "silje", "anne", "lars", "marte", "person1", "nasjonal2"]
CLICKS_PER_VISIT = (30, 60)  # then the person signs out, and later in again
SAMPLE = 300  # at most this many of each kind of object to choose from, per person
TIMEOUT_SECONDS = 60


@dataclass
class Person:
    role: str
    email: str
    two_factor: bool
    pages: dict[str, list[str]] = field(default_factory=dict)


# --- Who signs in, and what they open ------------------------------------------------------------


def role_counts(users: int) -> dict[str, int]:
    """USERS divided between the roles in the shares of ROLE_SHARE (largest remainder)."""
    total = sum(ROLE_SHARE.values())
    exact = {role: users * share / total for role, share in ROLE_SHARE.items()}
    counts = {role: math.floor(n) for role, n in exact.items()}
    for role in sorted(exact, key=lambda r: exact[r] - counts[r], reverse=True)[: users - sum(counts.values())]:
        counts[role] += 1
    return counts


def people(counts: dict[str, int]) -> list[Person]:
    """The bench data's people of each role, with the addresses of what each may open."""
    from django.db.models import Count
    from django.utils import timezone

    from bench.generate import NATIONAL_NETWORK, sign_in_accounts
    from lindra.meetings.models import Meeting, Registration
    from lindra.registry.models import LocalGroup, Membership, Network

    today = timezone.localdate()
    now = timezone.now()
    year = today.year
    years = [year, year - 1, year - 3]
    rng = random.Random(7)
    chosen = sign_in_accounts(counts, today)
    current = Membership.objects.current(today)

    def sample(values) -> list:
        values = list(values)
        return rng.sample(values, min(SAMPLE, len(values)))

    def meetings_of(**where) -> list[str]:
        recent = Meeting.objects.filter(**where, starts_at__gte=now - dt.timedelta(days=730))
        found = recent.values_list("pk", flat=True)
        return [f"/moter/{pk}/{page}" for pk in sample(found) for page in ("", "innkalling/", "referat/")]

    def members_years(memberships) -> list[str]:
        return [f"/medlemskap/{pk}/aret/{year}/" for pk in memberships]

    largest = (
        Network.objects.exclude(name=NATIONAL_NETWORK).annotate(n=Count("memberships")).order_by("-n", "pk").first()
    )
    national = Network.objects.get(name=NATIONAL_NETWORK)
    secretariat_pages: dict[str, list[str]] = {kind: [] for kind in MIX["secretariat"]}
    for network in (largest, national):
        groups = list(LocalGroup.objects.filter(network=network).values_list("pk", flat=True))
        persons = current.filter(network=network).values_list("person_id", flat=True)
        pages = math.ceil(current.filter(network=network).count() / 50)
        n = network.pk
        found = {
            "home page": ["/"],
            "year of every group": [f"/nettverk/{n}/aret/"] + [f"/nettverk/{n}/aret/{y}/" for y in years[1:]],
            "group's year": [f"/grupper/{g}/aret/{y}/" for g in groups for y in years[:2]],
            "member list": [f"/nettverk/{n}/medlemmer/?side={side}" for side in range(1, pages + 1)],
            "member search": [f"/nettverk/{n}/medlemmer/?q={q}" for q in SEARCHES]
            + [f"/nettverk/{n}/medlemmer/?q={q}&status=alle&sorter=gruppe" for q in SEARCHES],
            "name list": [f"/grupper/{g}/" for g in groups],
            "person's page": [f"/personer/{p}/" for p in sample(persons)],
            "annual report": [f"/nettverk/{n}/arsrapport/{year - 1}/"],
            "members' years": [f"/nettverk/{n}/medlemmenes-ar/{year}/"],
            "meeting page": meetings_of(network=network),
            "form page": [f"/nettverk/{n}/medlemmer/ny/"],
        }
        for kind, urls in found.items():
            secretariat_pages[kind] += urls

    everyone = []
    for person in chosen["secretariat"]:
        everyone.append(Person("secretariat", person.email, True, secretariat_pages))
    for person in chosen["group_leader"]:
        group = person.terms.filter(kind="gruppeleder").values_list("local_group_id", flat=True).first()
        staff = current.filter(local_group_id=group)
        coming = Meeting.objects.filter(local_group_id=group, starts_at__gte=now).values_list("pk", flat=True)
        pages = {
            "home page": ["/"],
            "group's year": [f"/grupper/{group}/aret/", f"/grupper/{group}/aret/{year - 1}/"],
            "name list": [f"/grupper/{group}/"],
            "person's page": [f"/personer/{p}/" for p in sample(staff.values_list("person_id", flat=True))],
            "member's year": members_years(sample(staff.values_list("pk", flat=True))),
            "members' years": [f"/grupper/{group}/medlemmenes-ar/{year}/"],
            "meeting page": meetings_of(local_group_id=group),
            "form page": [f"/moter/{pk}/program/" for pk in coming],
        }
        everyone.append(Person("group_leader", person.email, False, pages))
    for person in chosen["host"]:
        membership = current.filter(person=person).order_by("pk").first()
        hosted = Meeting.objects.filter(host=person, starts_at__gte=now).values_list("pk", flat=True)
        pages = {
            "home page": ["/"],
            "meeting page": meetings_of(local_group_id=membership.local_group_id)
            + [f"/moter/{pk}/{page}" for pk in hosted for page in ("", "innkalling/")],
            "form page": [f"/moter/{pk}/program/" for pk in hosted],
            "name list": [f"/grupper/{membership.local_group_id}/"],
            "member's year": members_years([membership.pk]),
        }
        everyone.append(Person("host", person.email, False, pages))
    for person in chosen["nearest_leader"]:
        staff = sample(current.filter(nearest_leader=person).values_list("pk", "person_id"))
        pages = {
            "home page": ["/"],
            "staff page": ["/mine-ansatte/"],
            "member's year": members_years(pk for pk, _person in staff),
            "person's page": [f"/personer/{p}/" for _pk, p in staff],
            "form page": [f"/medlemskap/{pk}/meld-endring/" for pk, _person in staff],
        }
        everyone.append(Person("nearest_leader", person.email, False, pages))
    for person in chosen["member"]:
        membership = current.filter(person=person).order_by("pk").first()
        called = Registration.objects.filter(person=person, meeting__starts_at__gte=now).values_list("meeting_id")
        pages = {
            "home page": ["/"],
            "meeting page": meetings_of(local_group_id=membership.local_group_id),
            "member's year": members_years([membership.pk]),
            "name list": [f"/grupper/{membership.local_group_id}/"],
            "form page": [f"/moter/{pk}/svar/" for (pk,) in called],
        }
        everyone.append(Person("member", person.email, False, pages))
    for person in everyone:  # a kind with nothing to open (no meeting coming) is left out
        person.pages = {kind: urls for kind, urls in person.pages.items() if urls}
    return everyone


# --- The server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen:
    """gunicorn as the README's deployment section runs it, on the bench database."""
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}", "DEBUG": "false"}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "lindra.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=HERE.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/konto/logg-inn/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit(f"gunicorn did not answer within a minute; see {log}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- The people at work --------------------------------------------------------------------------


class Results:
    """Milliseconds and unexpected answers per role and kind of page, from every thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.timings: dict[tuple[str, str], list[float]] = {}
        self.errors: Counter = Counter()  # (role, kind, status) → how many
        self.error_examples: dict[tuple, str] = {}

    def record(self, kind: str, role: str, ms: float, status, expected: int, path: str) -> None:
        with self.lock:
            self.timings.setdefault((role, kind), []).append(ms)
            if status != expected:
                self.errors[role, kind, str(status)] += 1
                self.error_examples.setdefault((role, kind, str(status)), path)

    def figures(self, role: str | None = None, kind: str | None = None) -> dict | None:
        """Of the role's requests, the kind's, both, or all (None: there were none)."""
        ms = [t for (r, k), ts in self.timings.items() if role in (None, r) and kind in (None, k) for t in ts]
        errors = sum(n for (r, k, _status), n in self.errors.items() if role in (None, r) and kind in (None, k))
        return figures(ms, errors) if ms else None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Each redirect is a request of its own, as it is timed and checked."""

    def redirect_request(self, *args, **kwargs):
        return None


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor(threading.Thread):
    """One person: signs in, clicks, reads, and signs out after a while, until the end."""

    def __init__(self, base: str, person: Person, results: Results, *, think: float, starts: float, ends: float):
        super().__init__(daemon=True)
        self.base, self.person, self.results = base, person, results
        self.think, self.starts, self.ends = think, starts, ends
        self.rng = random.Random(person.email)
        self.kinds = list(person.pages)
        self.weights = [MIX[person.role][kind] for kind in self.kinds]
        self.last_step = 0  # the last step of the app's codes used: each code works once
        self.opener = urllib.request.build_opener()

    def run(self) -> None:
        self.wait_until(self.starts)
        while time.time() < self.ends:
            if not self.sign_in():
                self.read()
                continue
            for _click in range(self.rng.randint(*CLICKS_PER_VISIT)):
                self.read()
                if time.time() >= self.ends:
                    return
                kind = self.rng.choices(self.kinds, self.weights)[0]
                self.request(kind, self.rng.choice(self.person.pages[kind]))
            self.read()
            self.sign_out()
            self.read()

    def read(self) -> None:
        """The time it takes to read a page: THINK seconds, give or take half."""
        time.sleep(self.think * self.rng.uniform(0.5, 1.5))

    def wait_until(self, moment: float) -> None:
        time.sleep(max(0.0, moment - time.time()))

    def request(self, kind: str, path: str, form: dict | None = None, expected: int = 200):
        """One request, timed to the last byte: (status, body, Location)."""
        headers = {"User-Agent": "Lindra load test", "Accept-Language": "nb"}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Origin"] = self.base
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        started = time.perf_counter()
        body, location = b"", ""
        try:
            with self.opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
                body, status = answer.read(), answer.status
        except urllib.error.HTTPError as answer:
            body, status, location = answer.read(), answer.code, answer.headers.get("Location", "")
        except (OSError, http.client.HTTPException) as failure:
            status = f"connection: {type(failure).__name__}"
        ms = (time.perf_counter() - started) * 1000
        self.results.record(kind, self.person.role, ms, status, expected, path)
        return status, body.decode("utf-8", "replace"), location

    def sign_in(self) -> bool:
        """Through the sign-in form (and the code page), as a browser does; a new session."""
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )
        status, body, _location = self.request("sign-in page", "/konto/logg-inn/")
        if status != 200:
            return False
        form = {"csrfmiddlewaretoken": _token(body), "email": self.person.email, "password": _password(), "next": "/"}
        status, _body, location = self.request("sign in", "/konto/logg-inn/", form, expected=302)
        if status != 302:
            return False
        if self.person.two_factor:
            status, _body, location = self.request("two-factor page", _path(location), expected=302)
            if status != 302:
                return False
            code_page = _path(location)
            status, body, _location = self.request("two-factor page", code_page)
            if status != 200:
                return False
            form = {"csrfmiddlewaretoken": _token(body), "code": self.code(), "next": "/"}
            status, _body, location = self.request("two-factor code", code_page, form, expected=302)
            if status != 302:
                return False
        status, _body, _location = self.request("home page", _path(location))
        return status == 200

    def code(self) -> str:
        """The app's code now, computed as django-otp does; when this step's code is used,
        the next step's, once it comes."""
        from django_otp.oath import TOTP

        from bench.generate import TOTP_KEY

        totp = TOTP(bytes.fromhex(TOTP_KEY))
        if totp.t() <= self.last_step:
            self.wait_until((self.last_step + 1) * totp.step + 0.5)
            totp.time = time.time()
        self.last_step = totp.t()
        return f"{totp.token():06d}"

    def sign_out(self) -> None:
        status, body, _location = self.request("home page", "/")
        if status == 200:
            self.request("sign out", "/konto/logg-ut/", {"csrfmiddlewaretoken": _token(body)}, expected=302)


def _path(location: str) -> str:
    """The path and query of a redirect's Location, absolute or not."""
    parts = urllib.parse.urlsplit(location)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _token(body: str) -> str:
    found = _CSRF.search(body)
    return found.group(1) if found else ""


def _password() -> str:
    from bench.generate import PASSWORD

    return PASSWORD


# --- The figures ---------------------------------------------------------------------------------


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest rank."""
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def figures(ms: list[float], errors: int) -> dict:
    ms = sorted(ms)
    return {
        "requests": len(ms),
        "errors": errors,
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
    }


def report(results: Results, seconds: float) -> dict:
    kinds = PAGE_KINDS + SIGN_IN_KINDS
    overall = results.figures()
    if overall is None:
        sys.exit("No request was made.")
    overall["per_second"] = round(overall["requests"] / seconds, 1)
    pages = {kind: found for kind in kinds if (found := results.figures(kind=kind))}
    roles = {role: found for role in MIX if (found := results.figures(role=role))}
    _print_table("page", [*pages.items(), ("overall", overall)])
    _print_table("role (all its requests)", roles.items())
    print(f"\n{overall['per_second']} requests a second")
    errors = [
        {"role": key[0], "page": key[1], "status": key[2], "count": n, "example": results.error_examples[key]}
        for key, n in results.errors.most_common()
    ]
    for e in errors:
        print(f"error: {e['count']} × {e['status']} on {e['page']} ({e['role']}), e.g. {e['example']}")
    by_role = {role: {kind: found for kind in kinds if (found := results.figures(role, kind))} for role in MIX}
    return {"pages": pages, "overall": overall, "roles": roles, "pages_by_role": by_role, "errors": errors}


def _print_table(heading: str, rows) -> None:
    print(f"\n{heading:24} {'requests':>9} {'errors':>7} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8}")
    for name, row in rows:
        print(
            f"{name:24} {row['requests']:9d} {row['errors']:7d} {row['median_ms']:10.1f} "
            f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10, help="how long the people work (10)")
    parser.add_argument("--users", type=int, default=30, help="how many people at once (30)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds to read a page, ± half (1)")
    parser.add_argument("--ramp-up", type=float, default=30, help="seconds over which people arrive (30)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn's workers (3, as the README says)")
    arguments = parser.parse_args()

    prepare()
    from django.db import connection, connections

    counts = role_counts(arguments.users)
    everyone = people(counts)
    vendor = connection.vendor
    connections.close_all()
    port = free_port()
    log = HERE / "gunicorn.log"
    server = start_gunicorn(port, arguments.workers, log)
    print(
        f"{arguments.users} people ({', '.join(f'{n} {role}' for role, n in counts.items())}) for "
        f"{arguments.minutes:g} minutes on {vendor} at scale {SCALE}, gunicorn with {arguments.workers} workers "
        f"on port {port} (log: {log}) …",
        flush=True,
    )
    results = Results()
    started = time.time()
    ends = started + arguments.minutes * 60
    visitors = [
        Visitor(
            f"http://127.0.0.1:{port}",
            person,
            results,
            think=arguments.think,
            starts=started + arguments.ramp_up * n / len(everyone),
            ends=ends,
        )
        for n, person in enumerate(everyone)
    ]
    try:
        for visitor in visitors:
            visitor.start()
        for visitor in visitors:
            visitor.join()
    finally:
        stop(server)
    found = report(results, time.time() - started)
    found["run"] = {
        "users": arguments.users,
        "roles": counts,
        "minutes": arguments.minutes,
        "think_seconds": arguments.think,
        "ramp_up_seconds": arguments.ramp_up,
        "gunicorn_workers": arguments.workers,
        "database": vendor,
        "scale": SCALE,
    }
    out = HERE / "load-results.json"
    out.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {out}")
    if found["overall"]["errors"] or found["overall"]["p99_ms"] >= 1000:
        sys.exit(1)


if __name__ == "__main__":
    main()
