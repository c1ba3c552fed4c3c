"""Pure: the embeddable player of a video address, for the click-to-load video section.

The player is not loaded with the page: the host (YouTube, Vimeo, a PeerTube site) learns of
the visitor only once they ask for the video. YouTube's player comes from its no-cookie domain
and Vimeo's with do-not-track.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

_ID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
_PEERTUBE_WATCH = re.compile(r"^/(?:w|videos/watch)/([A-Za-z0-9_-]{6,64})/?$")


@dataclass(frozen=True)
class VideoEmbed:
    host: str  # shown to the visitor before they agree to load it
    player_url: str
    page_url: str


def _youtube(video_id: str) -> VideoEmbed | None:
    if not _ID.match(video_id):
        return None
    return VideoEmbed(
        "YouTube",
        f"https://www.youtube-nocookie.com/embed/{video_id}",
        f"https://www.youtube.com/watch?v={video_id}",
    )


def video_embed(url: str) -> VideoEmbed | None:
    """The player of `url`, or None when it is not a video address we know how to embed."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        return None
    host, path = parts.hostname.lower(), parts.path
    if host in {"youtube.com", "www.youtube.com", "m.youtube.com"}:
        if path == "/watch":
            return _youtube(parse_qs(parts.query).get("v", [""])[0])
        if path.startswith(("/embed/", "/shorts/", "/live/")):
            return _youtube(path.split("/")[2])
        return None
    if host == "youtu.be":
        return _youtube(path.strip("/"))
    if host in {"vimeo.com", "www.vimeo.com"}:
        video_id = path.strip("/")
        if not video_id.isdigit():
            return None
        return VideoEmbed(
            "Vimeo",
            f"https://player.vimeo.com/video/{video_id}?dnt=1",
            f"https://vimeo.com/{video_id}",
        )
    if match := _PEERTUBE_WATCH.match(path):
        base = f"https://{quote(host)}"
        if parts.port:
            base += f":{parts.port}"
        return VideoEmbed(
            host,
            f"{base}/videos/embed/{match.group(1)}",
            f"{base}/w/{match.group(1)}",
        )
    return None
