"""Names a package loads on first use (PEP 562), so importing the package stays cheap."""
import importlib


def exports(package, table, namespace):
    """(__getattr__, __dir__) for `package`: `table` maps an exported name to the submodule that
    defines it; a name is imported when first asked for and then kept in `namespace`."""
    def __getattr__(name):
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(namespace.get("__all__", ())))
    return __getattr__, __dir__
