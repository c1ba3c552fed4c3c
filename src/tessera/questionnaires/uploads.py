"""Files given in answer to a file question: validated and re-encoded like a proposal's
(images re-encoded from their pixels, PDFs recognised by their content), stored at once under
the organisation's prefix, and carried from page to page as a signed name, so that a posted
name the server did not make (another reply's file) is refused. Only staff read them."""

from __future__ import annotations

import uuid

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from tessera.accounts.rules import is_process_manager
from tessera.core.images import reencode_image
from tessera.organizations.media import Access
from tessera.organizations.models import Organization
from tessera.proposals.uploads import clean_pdf

FOLDER = "forms"
SALT = "tessera.questionnaires.file"


def store_upload(upload: UploadedFile, organization: Organization) -> str:
    """The signed name of the clean copy stored; ValidationError for a refused file."""
    head = upload.read(5)
    upload.seek(0)
    content = clean_pdf(upload) if head == b"%PDF-" else reencode_image(upload)
    extension = str(content.name).rsplit(".", 1)[-1]
    name = f"{organization.slug}/{FOLDER}/files/{uuid.uuid4().hex}.{extension}"
    return signing.dumps(default_storage.save(name, content), salt=SALT)


def file_name(token: str) -> str | None:
    """The stored name a signed token designates, or None for a forged or broken one."""
    try:
        name = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return name if isinstance(name, str) else None


def signed(name: str) -> str:
    return signing.dumps(name, salt=SALT)


def file_access(request: HttpRequest, name: str) -> Access:
    """Answers' files: the organisation's process managers only."""
    return Access.PRIVATE if is_process_manager.test(request.user) else Access.DENIED
