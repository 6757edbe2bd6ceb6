from .backup import urlpatterns as backup_urls
from .certificates import urlpatterns as certificate_urls

urlpatterns = backup_urls + certificate_urls
