"""International cooperation in the Django admin. Partners, agreements and delegations are audited on
save; invitation letters are read-only (issued and revoked on the cooperation desk, whose services
number them and keep them). Partners and agreements are listed and offered by forum: a superuser sees
every forum's, an admin user only those of the forums where they organize an edition; an agreement or a
delegation takes only its forum's partners."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from modeltranslation.admin import TabbedTranslationAdmin

from ecoforum.core.audit import log_action
from ecoforum.forums.models import Forum

from .models import Agreement, Delegation, DelegationMember, InvitationLetter, Partner
from .queries import partners_visible_to
from .rules import organized_forum_ids


class _Audited:
    action_prefix = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        data = {name: form.cleaned_data.get(name) for name in form.changed_data}
        log_action(obj, f"{self.action_prefix}.{'changed' if change else 'added'}", actor=request.user, data=data)

    def delete_model(self, request, obj):
        log_action(obj, f"{self.action_prefix}.removed", actor=request.user)
        super().delete_model(request, obj)  # type: ignore[misc]


class _ByForum:
    """Rows and forum choices limited to the forums the admin user organizes (all for a superuser)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        return queryset.filter(forum_id__in=organized_forum_ids(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "forum" and not request.user.is_superuser:
            kwargs["queryset"] = Forum.objects.filter(pk__in=organized_forum_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(Partner)
class PartnerAdmin(_ByForum, _Audited, TabbedTranslationAdmin):
    action_prefix = "cooperation.partner"
    list_display = ("organization", "forum", "slug", "kind", "country", "since", "is_public", "is_demo")
    list_filter = ("forum", "kind", "is_public", "is_demo")
    list_select_related = ("organization", "forum")
    search_fields = ("slug", "organization__name_zh_hans", "organization__name_en")
    raw_id_fields = ("organization",)


class AgreementAdminForm(forms.ModelForm):
    """An agreement names only its forum's partners and editions (the database refuses the others too)."""

    def clean(self):
        data = super().clean()
        forum = data.get("forum")
        if forum is None:
            return data
        strangers = [str(p) for p in data.get("partners") or [] if p.forum_id != forum.pk]
        if strangers:
            self.add_error(
                "partners",
                _("Not partners of %(forum)s: %(partners)s.") % {"forum": forum, "partners": ", ".join(strangers)},
            )
        edition = data.get("edition")
        if edition is not None and edition.forum_id != forum.pk:
            self.add_error("edition", _("That is not an edition of %(forum)s.") % {"forum": forum})
        return data


@admin.register(Agreement)
class AgreementAdmin(_ByForum, _Audited, TabbedTranslationAdmin):
    action_prefix = "cooperation.agreement"
    form = AgreementAdminForm
    list_display = ("title", "forum", "kind", "status", "signed_on", "starts_on", "ends_on", "edition", "is_public")
    list_filter = ("forum", "status", "kind", "edition", "is_public")
    list_select_related = ("forum", "edition")
    search_fields = ("slug", "title_zh_hans", "title_en")
    filter_horizontal = ("partners",)
    raw_id_fields = ("session",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "partners":
            kwargs["queryset"] = partners_visible_to(request.user).order_by("forum", "slug")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DelegationAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        partner, edition = data.get("partner"), data.get("edition")
        if partner is not None and edition is not None and partner.forum_id != edition.forum_id:
            self.add_error(
                "partner",
                _("“%(partner)s” is not a partner of %(forum)s.") % {"partner": partner, "forum": edition.forum},
            )
        return data


class DelegationMemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0
    raw_id_fields = ("person", "registration")


@admin.register(Delegation)
class DelegationAdmin(_Audited, TabbedTranslationAdmin):
    action_prefix = "cooperation.delegation"
    form = DelegationAdminForm
    list_display = ("name", "country", "edition", "partner")
    list_filter = ("edition", "country")
    inlines = [DelegationMemberInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "partner":
            kwargs["queryset"] = partners_visible_to(request.user).order_by("forum", "slug")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(InvitationLetter)
class InvitationLetterAdmin(admin.ModelAdmin):
    list_display = ("number", "person", "edition", "issued_at", "revoked_at")
    list_filter = ("edition",)
    list_select_related = ("person", "edition")
    search_fields = ("number",)
    readonly_fields = (
        "edition",
        "sequence",
        "number",
        "person",
        "registration",
        "delegation",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_reason",
    )
    exclude = ("token",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
