from django.urls import URLPattern, URLResolver, path

from tessera.followup.views import manage, public

app_name = "followup"

# Mounted at the site root (tessera/urls.py). The follow-up step page itself is the process's
# step page (processes:step), rendered through the step kind.
urlpatterns: list[URLPattern | URLResolver] = [
    path("realisations/", public.realisation_list, name="list"),
    path("realisations/<int:pk>/", public.realisation_detail, name="detail"),
    path("manage/realisations/", manage.realisation_list, name="manage"),
    path("manage/realisations/create/", manage.realisations_create, name="create"),
    path("manage/realisations/<int:pk>/", manage.realisation_edit, name="edit"),
    path("manage/realisations/<int:pk>/news/", manage.news_publish, name="news"),
]
