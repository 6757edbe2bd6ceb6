"""The four school stages and their 15 grades, with fixed codes."""

from django.db import migrations

STAGES = [
    ("kindergarten", "幼儿园", [("k1", "小班"), ("k2", "中班"), ("k3", "大班")]),
    ("primary", "小学", [("p1", "一年级"), ("p2", "二年级"), ("p3", "三年级"),
                         ("p4", "四年级"), ("p5", "五年级"), ("p6", "六年级")]),
    ("junior", "初中", [("j1", "初一"), ("j2", "初二"), ("j3", "初三")]),
    ("senior", "高中", [("s1", "高一"), ("s2", "高二"), ("s3", "高三")]),
]  # fmt: skip


def create(apps, schema_editor):
    Stage = apps.get_model("lessons", "Stage")
    Grade = apps.get_model("lessons", "Grade")
    order = 0
    for stage_order, (code, name, grades) in enumerate(STAGES):
        stage = Stage.objects.update_or_create(
            code=code, defaults={"name": name, "order": stage_order}
        )[0]
        for grade_code, grade_name in grades:
            Grade.objects.update_or_create(
                code=grade_code, defaults={"name": grade_name, "stage": stage, "order": order}
            )
            order += 1


def remove(apps, schema_editor):
    apps.get_model("lessons", "Grade").objects.all().delete()
    apps.get_model("lessons", "Stage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
