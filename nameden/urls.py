"""Root URLs. Apps are included by dotted name: the site package does not import them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nameden import healthz
from nameden.inloggning import AdminInloggningForm, InloggningForm
from nameden.views import tillganglighet

admin.site.site_header = "Remisshantering – administration"
admin.site.site_title = "Remisshantering"
admin.site.login_form = AdminInloggningForm

urlpatterns = [
    # For probes (compose, a load balancer): no login, JSON, 503 naming the failing part.
    path("healthz", healthz.healthz, name="healthz"),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=InloggningForm
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "tillganglighet/",
        # The accessibility statement is public by law (DOS-lagen), so no login.
        tillganglighet.redogorelse,
        name="tillganglighet",
    ),
    path("admin/", admin.site.urls),
    path("namnd/", include("nameden.urls_namnd", namespace="namnd")),
    # Public by law (kommunallagen 8 kap. 9 §): no login.
    path("anslagstavla/", include("nameden.urls_anslagstavla", namespace="anslagstavla")),
    # Public by law (OSL 5 kap.: the diary of allmänna handlingar): no login.
    path("diarium/", include("nameden.urls_diarium", namespace="diarium")),
    path("sekretess/", include("nameden.urls_sekretess", namespace="sekretess")),
    path("", include("remiss.urls")),
]
