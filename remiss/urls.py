from django.urls import path

app_name = "remiss"
urlpatterns: list = []
