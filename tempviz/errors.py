"""One shape for every message tempviz raises: the argument, the rule, the value given."""


def describe(value: object) -> str:
    """Show a value the way a user would recognise it in a message.

    >>> describe(-1.0), describe("abc"), describe(float("inf"))
    ('-1.0', "'abc'", 'inf')
    """
    return repr(value) if isinstance(value, str) else str(value)


def invalid(name: str, rule: str, value: object, hint: str = "") -> ValueError:
    """Build the ValueError for an argument that breaks its rule.

    >>> str(invalid("temperature", "must be ≥ 0", -1.0))
    'temperature must be ≥ 0, but -1.0 was given'
    """
    message = f"{name} {rule}, but {describe(value)} was given"
    return ValueError(f"{message}; {hint}" if hint else message)
