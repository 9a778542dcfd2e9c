"""`make demo`: render example mapping templates against an example method request."""

import json
from pathlib import Path

import apigw_core

HERE = Path(__file__).parent
REQUEST = json.loads((HERE / "request.json").read_text())

if __name__ == "__main__":
    for name in ("transform.vtl", "passthrough.vtl"):
        print(f"== {name}")
        result = apigw_core.render_mapping_template(
            (HERE / name).read_text(), REQUEST, stage_variables={"env": "dev"}
        )
        print(result["body"])
    print("== response-override.vtl (a response template)")
    result = apigw_core.render_mapping_template(
        (HERE / "response-override.vtl").read_text(),
        REQUEST,
        body=(HERE / "error-response.json").read_text(),
    )
    print(result["body"])
    print("responseOverride:", result["responseOverride"])
