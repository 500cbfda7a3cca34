#!/usr/bin/env python3
"""Validates SARIF logs against a JSON schema with jsonschema (Debian:
python3-jsonschema), formats included.

Usage: validate_sarif.py SCHEMA LOG...
Prints "LOG: valid", or each violation as "LOG: error: PATH: MESSAGE".
Exit status: 0 all valid, 1 a log is invalid, 2 bad usage or unreadable input.
"""

import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as schema_file:
            schema = json.load(schema_file)
        # The schema names its own draft (2020-12 in the SARIF Multitool's copy).
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
        status = 0
        for name in argv[1:]:
            with open(name, encoding="utf-8") as log_file:
                log = json.load(log_file)
            errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
            for error in errors:
                path = "/".join(str(part) for part in error.absolute_path)
                print(f"{name}: error: {path}: {error.message}")
            if errors:
                status = 1
            else:
                print(f"{name}: valid")
        return status
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as err:
        print(f"validate_sarif.py: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
