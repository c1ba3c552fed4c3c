from django.urls import path

from tessera.processes import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("<slug:slug>/", views.process_detail, name="detail"),
    path("<slug:slug>/steps/<int:step_id>/", views.step_detail, name="step"),
]
