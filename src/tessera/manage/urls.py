from django.urls import path

from tessera.manage.views import dashboard, people, processes, taxonomy, timeline

app_name = "manage"

# Mounted under /manage/ (tessera/urls.py).
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("people/", people.people, name="people"),
    path("themes-and-districts/", taxonomy.taxonomy, name="taxonomy"),
    path(
        "themes-and-districts/<slug:kind>/<int:pk>/",
        taxonomy.taxonomy_edit,
        name="taxonomy_edit",
    ),
    path("people/<int:pk>/", people.person, name="person"),
    path("processes/", processes.process_list, name="processes"),
    path("processes/new/", processes.process_create, name="process_create"),
    path("processes/<slug:slug>/", timeline.timeline, name="timeline"),
    path("processes/<slug:slug>/edit/", processes.process_edit, name="process_edit"),
    path("processes/<slug:slug>/publish/", processes.process_publish_view, name="process_publish"),
    path(
        "processes/<slug:slug>/duplicate/",
        processes.process_duplicate_view,
        name="process_duplicate",
    ),
    path("processes/<slug:slug>/remove/", processes.process_remove_view, name="process_remove"),
    path("processes/<slug:slug>/steps/<int:step_id>/", timeline.step_edit, name="step"),
    path(
        "processes/<slug:slug>/steps/<int:step_id>/settings/",
        timeline.step_settings,
        name="step_settings",
    ),
    path(
        "processes/<slug:slug>/steps/<int:step_id>/remove/",
        timeline.step_remove,
        name="step_remove",
    ),
]
