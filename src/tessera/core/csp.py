"""What a page may need beyond the site-wide Content-Security-Policy (settings.SECURE_CSP)."""

from __future__ import annotations

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override

# The ALTCHA widget (served by us) styles its shadow DOM with a <style> element and solves
# its proof of work in Web Workers built from blob: URLs. Nothing loads from elsewhere still.
proof_of_work_csp = csp_override(
    {
        **settings.SECURE_CSP,
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "worker-src": [CSP.SELF, "blob:", "data:"],
    }
)
