"""Every shape of input, declared once (pydantic models and the types they are made of).

Entry points parse their input (a form, a CSV row, a JSON body, a file) into these models and hand the
result to a service; limits, validators and the OpenAPI document all come from here. This package
depends on the core only: no Flask, no SQLAlchemy.
"""
