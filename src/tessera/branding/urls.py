from django.urls import path

from tessera.branding.views import public, staff

app_name = "branding"

urlpatterns = [
    path("pages/<slug:slug>/", public.page, name="page"),
    path("favicon.ico", public.favicon_ico, name="favicon_ico"),
    path("site/theme.css", public.theme, name="theme"),
    path("site/custom.css", public.custom_css, name="custom_css"),
    path("site/files/<path:name>", public.branding_file, name="file"),
    path("site/newsletter/", public.newsletter, name="newsletter"),
    path("site/manage/", staff.identity, name="identity"),
    path("site/manage/preview/", staff.preview, name="preview"),
    path("site/manage/publish/", staff.publish, name="publish"),
    path("site/manage/versions/<int:version_id>/restore/", staff.restore, name="restore"),
    path("site/manage/fonts/", staff.font_upload, name="font_upload"),
    path("site/manage/not-found/", staff.not_found, name="not_found"),
]
