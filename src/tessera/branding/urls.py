from django.urls import path

from tessera.branding.views import pages, public, sections, staff

app_name = "branding"

urlpatterns = [
    path("pages/<slug:slug>/", public.page, name="page"),
    path("favicon.ico", public.favicon_ico, name="favicon_ico"),
    path("site/theme.css", public.theme, name="theme"),
    path("site/custom.css", public.custom_css, name="custom_css"),
    path("site/files/<path:name>", public.branding_file, name="file"),
    path("site/newsletter/", public.newsletter, name="newsletter"),
    path("site/video/<int:pk>/", public.video, name="video"),
    path("site/manage/", staff.identity, name="identity"),
    path("site/manage/preview/", staff.preview, name="preview"),
    path("site/manage/publish/", staff.publish, name="publish"),
    path("site/manage/versions/<int:version_id>/restore/", staff.restore, name="restore"),
    path("site/manage/fonts/", staff.font_upload, name="font_upload"),
    path("site/manage/not-found/", staff.not_found, name="not_found"),
    path("site/manage/sections/", sections.section_list, name="sections"),
    path("site/manage/sections/<int:pk>/", sections.section_edit, name="section_edit"),
    path("site/manage/sections/<int:pk>/move/", sections.section_move, name="section_move"),
    path("site/manage/sections/<int:pk>/remove/", sections.section_remove, name="section_remove"),
    path("site/manage/menus/", sections.menu_list, name="menus"),
    path("site/manage/menus/<int:pk>/", sections.menu_edit, name="menu_edit"),
    path("site/manage/menus/<int:pk>/move/", sections.menu_move, name="menu_move"),
    path("site/manage/menus/<int:pk>/remove/", sections.menu_remove, name="menu_remove"),
    path("site/manage/pages/", pages.page_list, name="pages"),
    path("site/manage/pages/add/", pages.page_edit, name="page_add"),
    path("site/manage/pages/<int:pk>/", pages.page_edit, name="page_edit"),
    path("site/manage/pages/<int:pk>/remove/", pages.page_remove, name="page_remove"),
    path("site/manage/redirects/", pages.redirect_list, name="redirects"),
    path("site/manage/redirects/add/", pages.redirect_edit, name="redirect_add"),
    path("site/manage/redirects/<int:pk>/", pages.redirect_edit, name="redirect_edit"),
    path("site/manage/redirects/<int:pk>/remove/", pages.redirect_remove, name="redirect_remove"),
    path("site/manage/newsletter/", pages.newsletter_list, name="newsletter_list"),
]
