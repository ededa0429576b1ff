"""The JSON Schema files in schema/ are generated from the models and must not drift."""

import json

import jsonschema
import pytest

from annotator.cli import main
from annotator.model.jsonschema import SCHEMAS, build_schema, render, schema_dir, stale_schemas


def test_checked_in_schemas_match_the_models():
    assert stale_schemas() == []


def test_schema_check_command_exits_zero(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["schema", "--check"])
    assert exit_.value.code == 0


def test_drift_is_detected(tmp_path, capsys):
    for name in SCHEMAS:
        (tmp_path / name).write_text(render(name), encoding="utf-8")
    assert stale_schemas(tmp_path) == []
    doc = json.loads((tmp_path / "annotation.v1.schema.json").read_text())
    doc["properties"]["status"]["enum"].append("reviewed")
    (tmp_path / "annotation.v1.schema.json").write_text(json.dumps(doc, indent=2) + "\n")
    (tmp_path / "document.v1.schema.json").unlink()
    assert stale_schemas(tmp_path) == ["annotation.v1.schema.json", "document.v1.schema.json"]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12_with_ids_and_descriptions(name):
    schema = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:annotator:schema:")
    assert schema == build_schema(name)

    def walk(node, path):
        if isinstance(node, dict) and "properties" in node:
            for field, sub in node["properties"].items():
                assert sub.get("description"), f"{name}: {path}.{field} has no description"
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")

    walk(schema, "")
