from django.urls import URLPattern, URLResolver, path

from tessera.news.views import manage, public

app_name = "news"

# Mounted at the site root (tessera/urls.py): the public pages and their back office.
urlpatterns: list[URLPattern | URLResolver] = [
    path("news/", public.news_list, name="list"),
    path("news/<int:pk>/", public.news_detail, name="detail"),
    path("manage/news/", manage.post_list, name="manage"),
    path("manage/news/add/", manage.post_create, name="manage_create"),
    path("manage/news/<int:pk>/", manage.post_edit, name="manage_edit"),
    path("manage/news/<int:pk>/preview/", manage.post_preview, name="manage_preview"),
    path("manage/news/<int:pk>/publish/", manage.post_publish, name="manage_publish"),
    path("manage/news/<int:pk>/unpublish/", manage.post_unpublish, name="manage_unpublish"),
    path("manage/news/<int:pk>/delete/", manage.post_delete, name="manage_delete"),
]
