"""The models of branding, split by subject; imported here so Django and callers find them."""

from tessera.branding.models.content import (
    ContentPage,
    HomeSection,
    Menu,
    MenuItem,
    NewsletterSubscription,
    PageKind,
    SectionKind,
)
from tessera.branding.models.identity import (
    DEFAULT_PRIMARY_COLOR,
    IDENTITY_FIELD_NAMES,
    Font,
    IdentityFields,
    IdentityState,
    IdentityVersion,
    SiteSettings,
    branding_upload_to,
    color_validator,
    identity_copy,
    logo_upload_to,
)
from tessera.branding.models.redirects import MAX_PATH, NotFoundHit, Redirect

__all__ = [
    "DEFAULT_PRIMARY_COLOR",
    "IDENTITY_FIELD_NAMES",
    "MAX_PATH",
    "ContentPage",
    "Font",
    "HomeSection",
    "IdentityFields",
    "IdentityState",
    "IdentityVersion",
    "Menu",
    "MenuItem",
    "NewsletterSubscription",
    "NotFoundHit",
    "PageKind",
    "Redirect",
    "SectionKind",
    "SiteSettings",
    "branding_upload_to",
    "color_validator",
    "identity_copy",
    "logo_upload_to",
]
