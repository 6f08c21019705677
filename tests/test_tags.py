"""The structural tag list (app/tags.py) against Food.com's taxonomy and the real tag frequencies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import tags
from tests.fixtures import SHARED_DATA

POOLS = Path(__file__).resolve().parents[1] / "app" / "generate" / "pools.json"


def test_the_list_holds_the_taxonomy_headers_and_no_content_tag():
    structural = set(tags.STRUCTURAL_TAGS)
    assert len(structural) == len(tags.STRUCTURAL_TAGS) == 19
    assert {
        "preparation",
        "time-to-make",
        "course",
        "main-ingredient",
        "dietary",
        "number-of-servings",
        "occasion",
        "cuisine",
        "equipment",
        "3-steps-or-less",
        "4-hours-or-less",
        "60-minutes-or-less",
    } <= structural
    assert not {"easy", "vegan", "meat", "desserts", "north-american", "holiday-event", "low-sodium"} & structural
    assert tags.is_structural("preparation") and not tags.is_structural("easy")
    assert tags.excluded_tags(True) == [] and tags.excluded_tags(False) == list(tags.STRUCTURAL_TAGS)


def test_every_root_of_the_tag_tree_and_every_time_bucket_is_structural():
    parents = json.loads(POOLS.read_text())["tag_parents"]
    roots = set(parents.values()) - set(parents)  # parents that are nobody's child
    assert roots == set(tags.TAXONOMY_ROOTS)
    time_buckets = {tag for tag, parent in parents.items() if parent == "time-to-make"}
    assert time_buckets <= set(tags.DERIVED_TAGS)
    # Headers whose children are the only content ("low-sodium" is low-in-something).
    assert {parents[tag] for tag in ("low-sodium", "high-protein")} == set(tags.HEADER_TAGS)


@pytest.mark.skipif(not (SHARED_DATA / "calibration.json").exists(), reason="no calibration of the real data")
def test_the_most_frequent_real_tags_are_structural_until_easy():
    top = json.loads((SHARED_DATA / "calibration.json").read_text())["recipes.tags.top30"]["value"]
    ranked = sorted(top, key=top.get, reverse=True)
    assert ranked[:5] == ["preparation", "time-to-make", "course", "main-ingredient", "dietary"]
    assert all(tags.is_structural(tag) for tag in ranked[:5])
    assert top["preparation"] / 231_637 > 0.99
    kept = [tag for tag in ranked if not tags.is_structural(tag)]
    assert kept[:3] == ["easy", "main-dish", "meat"]  # what a top-tags chart now starts with
