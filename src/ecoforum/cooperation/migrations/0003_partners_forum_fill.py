"""Give every partner and agreement its forum, from the editions that use them.

An agreement belongs to the forum of the edition where it was signed. An agreement without an edition
belongs to the forum its partners are used in (by other agreements and delegations). A partner belongs to
the forums its agreements and delegations name. Where nothing names a forum, the server's only forum.

A partner used by two forums is split: the forum with the lowest id keeps the row, each other forum gets a
copy (same organization, address, kind, country, description, website, dates, visibility) and its
agreements and delegations are moved to the copy. Splitting keeps every agreement and delegation as it
was and gives each forum's organizers a partner of their own, which they could not have if the migration
refused and asked an operator to choose one forum for an organization both forums really work with.

Where the data names no forum and the server has several (a partner used nowhere, an agreement without an
edition whose partners are used nowhere or in several forums) the migration stops and lists the rows, with
what to do: nothing is guessed, so no forum's organizers are given another forum's partner.

:func:`plan` decides from plain ids (tested in ``tests/cooperation/test_forum_migration.py``);
:func:`fill` reads the rows, asks :func:`plan` and writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import migrations


class NoForum(Exception):
    """Rows whose forum the data does not name, on a server with several forums."""


@dataclass
class Plan:
    #: partner id -> the forum its own row goes to
    partner_forum: dict[int, int] = field(default_factory=dict)
    #: (partner id, forum id) for each copy to make (a partner used by several forums)
    copies: list[tuple[int, int]] = field(default_factory=list)
    #: agreement id -> its forum
    agreement_forum: dict[int, int] = field(default_factory=dict)
    #: (agreement id, partner id, forum id): point the agreement at the copy of the partner for that forum
    agreement_moves: list[tuple[int, int, int]] = field(default_factory=list)
    #: (delegation id, partner id, forum id): point the delegation at the copy of the partner for that forum
    delegation_moves: list[tuple[int, int, int]] = field(default_factory=list)


def plan(
    *,
    forums: list[int],
    partners: list[int],
    agreements: dict[int, tuple[int | None, list[int]]],
    delegations: dict[int, tuple[int, int]],
) -> Plan:
    """Where each partner and agreement goes.

    ``agreements``: agreement id -> (forum of its edition or ``None``, its partner ids);
    ``delegations``: delegation id -> (forum of its edition, its partner id). Raises :class:`NoForum`
    naming every row it cannot place.
    """
    only = forums[0] if len(forums) == 1 else None
    used: dict[int, set[int]] = {p: set() for p in partners}
    for forum, members in agreements.values():
        if forum is not None:
            for p in members:
                used[p].add(forum)
    for forum, p in delegations.values():
        used[p].add(forum)

    result = Plan()
    unplaced: list[str] = []
    for a, (forum, members) in sorted(agreements.items()):
        if forum is None:
            hinted = set().union(*(used[p] for p in members)) if members else set()
            if len(hinted) == 1:
                forum = next(iter(hinted))
            elif not hinted and only is not None:
                forum = only
            else:
                unplaced.append(f"agreement {a}")
                continue
        result.agreement_forum[a] = forum
    for a, forum in result.agreement_forum.items():
        for p in agreements[a][1]:
            used[p].add(forum)
    for p in sorted(partners):
        forums_of_p = sorted(used[p])
        if not forums_of_p:
            if only is None:
                unplaced.append(f"partner {p}")
                continue
            forums_of_p = [only]
        result.partner_forum[p] = forums_of_p[0]
        result.copies.extend((p, forum) for forum in forums_of_p[1:])
    if unplaced:
        raise NoForum(
            "These cooperation rows name no forum and the server has several: "
            + ", ".join(unplaced)
            + ". Before upgrading, give each agreement the edition where it was signed, and delete the partners"
            " no agreement or delegation uses (or link them), then migrate again. "
            "以下合作记录无法确定所属论坛（服务器上有多个论坛）：请先为协议指定签署届次，删除或关联未使用的合作伙伴，再执行迁移。"
        )
    for a, forum in sorted(result.agreement_forum.items()):
        for p in agreements[a][1]:
            if result.partner_forum[p] != forum:
                result.agreement_moves.append((a, p, forum))
    for d, (forum, p) in sorted(delegations.items()):
        if result.partner_forum[p] != forum:
            result.delegation_moves.append((d, p, forum))
    return result


def fill(apps, schema_editor) -> None:
    Forum = apps.get_model("forums", "Forum")
    Partner = apps.get_model("cooperation", "Partner")
    Agreement = apps.get_model("cooperation", "Agreement")
    Delegation = apps.get_model("cooperation", "Delegation")
    Through = Agreement.partners.through
    db = schema_editor.connection.alias

    agreements: dict[int, tuple[int | None, list[int]]] = {
        a.pk: (a.edition.forum_id if a.edition_id else None, [])
        for a in Agreement.objects.using(db).select_related("edition")
    }
    for a, p in Through.objects.using(db).values_list("agreement_id", "partner_id"):
        agreements[a][1].append(p)
    delegations = {
        d: (forum, p)
        for d, forum, p in Delegation.objects.using(db)
        .filter(partner__isnull=False)
        .values_list("pk", "edition__forum_id", "partner_id")
    }
    result = plan(
        forums=sorted(Forum.objects.using(db).values_list("pk", flat=True)),
        partners=sorted(Partner.objects.using(db).values_list("pk", flat=True)),
        agreements=agreements,
        delegations=delegations,
    )
    for p, forum in result.partner_forum.items():
        Partner.objects.using(db).filter(pk=p).update(forum_id=forum)
    copy_of: dict[tuple[int, int], int] = {}
    for p, forum in result.copies:
        row = Partner.objects.using(db).get(pk=p)
        row.pk = None
        row.id = None
        row.forum_id = forum
        row.save(using=db)
        copy_of[(p, forum)] = row.pk
    for a, forum in result.agreement_forum.items():
        Agreement.objects.using(db).filter(pk=a).update(forum_id=forum)
    for a, p, forum in result.agreement_moves:
        Through.objects.using(db).filter(agreement_id=a, partner_id=p).update(partner_id=copy_of[(p, forum)])
    for d, p, forum in result.delegation_moves:
        Delegation.objects.using(db).filter(pk=d).update(partner_id=copy_of[(p, forum)])


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0002_partners_forum_nullable"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
