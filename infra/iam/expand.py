#!/usr/bin/env python3
"""Expands template.yaml with the SAM translator that cfn-lint ships and
prints, as JSON, every IAM role of the result: its inline policies and
managed policy ARNs, keyed by the role's logical ID.

Usage: expand.py template.yaml
Exit status 3 when cfn-lint (and so samtranslator) is not installed."""
import json
import sys

try:
    from cfnlint.decode import decode
    from cfnlint.template.transforms._sam import Transform
except ImportError as e:  # the Go test turns this into a skip or a failure
    print(f"cfn-lint with samtranslator is not installed: {e}", file=sys.stderr)
    sys.exit(3)


def main(path):
    tpl, matches = decode(path)
    if matches:
        for m in matches:
            print(m, file=sys.stderr)
        sys.exit(1)
    t = Transform(path, tpl, "us-east-1")
    errs = t.transform_template()
    if errs:
        for m in errs:
            print(m, file=sys.stderr)
        sys.exit(1)
    out = {}
    for lid, res in t.template().get("Resources", {}).items():
        if res.get("Type") != "AWS::IAM::Role":
            continue
        props = res.get("Properties", {})
        out[lid] = {
            "AssumeRolePolicyDocument": props.get("AssumeRolePolicyDocument"),
            "ManagedPolicyArns": props.get("ManagedPolicyArns", []),
            "Policies": props.get("Policies", []),
        }
    json.dump(out, sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "template.yaml")
