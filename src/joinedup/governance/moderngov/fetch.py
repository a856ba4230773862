"""Where Modern.gov responses come from: a council's web service, one saved file or a folder.

From a URL the operations JoinedUp needs are fetched in turn (committees, councillors, the health
committees' meetings, each meeting, each member's register of interests), each read into the
feed as it arrives, since which meetings and members to ask for depends on the answers so far.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from joinedup.governance.moderngov.feed import Feed, ModernGovError
from joinedup.governance.moderngov.parse import read_response

TIMEOUT_SECONDS = 30


def read_source(source: str, *, from_date: date | None = None, to_date: date | None = None) -> Feed:
    """Read a Modern.gov URL (fetching the operations JoinedUp needs), a file or a folder."""
    if re.match(r"https?://", source, re.IGNORECASE):
        return _fetch_all(source, from_date, to_date)
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xml", ".html", ".htm"))
        if not files:
            raise ModernGovError(f"{path} holds no .xml or .html files from Modern.gov.")
    elif path.exists():
        files = [path]
    else:
        raise ModernGovError(f"{source} is neither a web address nor a file or folder.")
    feed = Feed(host="file")
    for file in files:
        read_response(feed, file.name, file.read_text(encoding="utf-8-sig", errors="replace"))
    return feed


def service_url(address: str) -> str:
    """The web service's address from a council's Modern.gov address.

    >>> service_url("https://democracy.example.gov.uk/")
    'https://democracy.example.gov.uk/mgWebService.asmx'
    """
    address = address.split("?")[0]
    service = re.match(r"(.*?\.asmx)", address, re.IGNORECASE)
    if service:
        return service[1]
    address = address.rstrip("/")
    if address.lower().endswith(".aspx"):
        address = address.rsplit("/", 1)[0]
    return f"{address}/mgWebService.asmx"


def _fetch(url: str, *, missing_ok: bool = False) -> str | None:
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen

    request = Request(url, headers={"User-Agent": "JoinedUp (governance registers)"})
    try:
        with urlopen(
            request, timeout=TIMEOUT_SECONDS
        ) as response:  # only http(s) addresses reach here
            body: bytes = response.read()
    except HTTPError as error:
        if missing_ok and error.code == 404:
            return None
        raise ModernGovError(
            f"{url} answered HTTP {error.code}; the council may block "
            "scripted access or have switched the service off."
        ) from None
    except (URLError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise ModernGovError(f"Cannot reach {url}: {reason}.") from None
    return body.decode("utf-8-sig", errors="replace")


def _fetch_all(address: str, from_date: date | None, to_date: date | None) -> Feed:
    service = service_url(address)
    site = service.rsplit("/", 1)[0]
    feed = Feed(host=urlsplit(service).netloc.lower())
    today = date.today()
    start = from_date or today - timedelta(days=730)
    end = to_date or today + timedelta(days=365)

    def get(operation: str, **parameters: Any) -> None:
        url = f"{service}/{operation}" + (f"?{urlencode(parameters)}" if parameters else "")
        read_response(feed, url, _fetch(url) or "")

    get("GetCommittees", lDummy=0)
    get("GetCouncillorsByWard")
    for committee in list(feed.committees.values()):
        if committee.kind and not (committee.deleted or committee.expired):
            get(
                "GetMeetings",
                lCommitteeId=committee.id,
                sFromDate=start.strftime("%d/%m/%Y"),
                sToDate=end.strftime("%d/%m/%Y"),
            )
    for meeting_id in sorted(feed.meetings):
        get("GetMeeting", lMeetingId=meeting_id)
    for member_id in sorted({a.member_id for a in feed.attendees if a.is_member}):
        url = f"{site}/mgRofI.aspx?UID={member_id}"
        page = _fetch(url, missing_ok=True)  # not every member has a published register
        if page and "mgInterestsTable" in page:
            read_response(feed, f"mgRofI_{member_id}.html", page)
    return feed
