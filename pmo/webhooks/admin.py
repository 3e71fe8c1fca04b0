"""The beheerder's webhooks: subscribe a URL to events, see every delivery with its
status, response code and attempts, and send deliveries again."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .delivery import redeliver
from .models import Event, WebhookDelivery, WebhookSubscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("adres"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("gebeurtenissen"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["name", "url", "active", "failing_since", "paused_at"]
    list_filter = ["active"]
    readonly_fields = ["secret", "failing_since", "paused_at", "created_by", "created_at"]

    def get_queryset(self, request):
        return WebhookSubscription.objects.visible_to(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if obj.active:
            obj.paused_at, obj.failing_since = None, None  # switched on again: a fresh start
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # switch it off instead: its delivery log stays


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "subscription",
        "event",
        "state",
        "attempts",
        "response_code",
        "next_attempt_at",
    ]
    list_filter = ["state", "event", "subscription"]
    actions = ["send_again"]

    def get_queryset(self, request):
        return WebhookDelivery.objects.visible_to(request.user).select_related("subscription")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Opnieuw afleveren"), permissions=["view"])
    def send_again(self, request, queryset):
        count = redeliver(deliveries=queryset)
        text = ngettext(
            "%(n)s aflevering opnieuw verstuurd.", "%(n)s afleveringen opnieuw verstuurd.", count
        )
        messages.success(request, text % {"n": count})
