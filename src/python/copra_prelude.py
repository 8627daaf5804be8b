# The `copra` Python module (also importable as `greptime`), as run inside
# Copra's embedded interpreter. It is embedded into the binary by
# src/python/copra_prelude.cpp (generated at build time from this file), so
# this file is the single source; docs/python.md documents the public part.
#
# Public: vector, query, the annotation names (bool, u8..u64, i8..i64, f32,
# f64, str, _ , none), coprocessor / copr, and the helper functions
# (sqrt, pow, clip, diff, mean, ...). Names starting with "_" are the
# engine's interface (called from C++), not for users.

import ast as _ast
import linecache as _linecache
import math as _math

import numpy as _np

import _copra_native


# ---------------------------------------------------------------------------
# Annotation names: vector[f64], vector[i64 | None], vector[_]


class u8: pass
class u16: pass
class u32: pass
class u64: pass
class i8: pass
class i16: pass
class i32: pass
class i64: pass
class f32: pass
class f64: pass
class none: pass
class _: pass


_TYPE_NAMES = ("bool", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64", "str",
               "_", "none")

_DTYPES = {
    "bool": _np.bool_, "u8": _np.uint8, "u16": _np.uint16, "u32": _np.uint32,
    "u64": _np.uint64, "i8": _np.int8, "i16": _np.int16, "i32": _np.int32, "i64": _np.int64,
    "f32": _np.float32, "f64": _np.float64,
}


class _VectorAnnotation:
    def __init__(self, item):
        self.item = item

    def __repr__(self):
        return "vector[%r]" % (self.item,)


class ScriptError(Exception):
    """An invalid script; `lineno` is the line in the script (0 when unknown)."""

    def __init__(self, message, lineno=0, col=0):
        Exception.__init__(self, message)
        self.message = message
        self.lineno = lineno
        self.col = col


class ConversionError(Exception):
    """A value returned by user code does not fit its column."""


# ---------------------------------------------------------------------------
# vector


def _unit_of(dtype):
    if dtype.kind == "M":
        return _np.datetime_data(dtype)[0]
    return None


class vector:
    """A column of values: numpy values plus a null mask (True = NULL).

    Numeric and timestamp columns coming from the database share the
    column's memory (read-only); `numpy()` / `numpy.asarray(v)` return that
    array without copying. Elements read as Python values, NULL as None.
    """

    __slots__ = ("_values", "_mask")

    def __class_getitem__(cls, item):
        return _VectorAnnotation(item)

    def __init__(self, data=None, dtype=None):
        if data is None:
            data = []
        if isinstance(data, vector):
            self._values, self._mask = data._values, data._mask
            if dtype is not None:
                self._values = self._values.astype(_resolve_dtype(dtype))
            return
        values, mask = _to_array(data, dtype)
        self._values = values
        self._mask = mask

    @classmethod
    def _wrap(cls, values, mask):
        v = cls.__new__(cls)
        v._values = values
        v._mask = mask if (mask is not None and mask.any()) else None
        return v

    # -- introspection
    @property
    def dtype(self):
        return self._values.dtype

    @property
    def mask(self):
        """numpy bool array, True where the value is NULL."""
        if self._mask is None:
            return _np.zeros(len(self._values), dtype=_np.bool_)
        return self._mask

    def numpy(self):
        """The values as a numpy array (no copy; NULL slots hold arbitrary values)."""
        return self._values

    def __array__(self, dtype=None):
        if dtype is None:
            return self._values
        return self._values.astype(dtype)

    def null_count(self):
        return 0 if self._mask is None else int(self._mask.sum())

    def filled(self, value):
        """A numpy array with NULLs replaced by `value`."""
        if self._mask is None:
            return self._values.copy()
        out = self._values.copy()
        out[self._mask] = value
        return out

    def to_list(self):
        return list(self)

    def __len__(self):
        return len(self._values)

    def _item(self, i):
        if self._mask is not None and self._mask[i]:
            return None
        v = self._values[i]
        if isinstance(v, _np.generic):
            return v.item()
        return v

    def __iter__(self):
        values = self._values
        if values.dtype.kind in "biuf":
            items = values.tolist()
        else:
            items = [self._item(i) for i in range(len(values))]
            return iter(items)
        if self._mask is not None:
            for i in _np.flatnonzero(self._mask):
                items[i] = None
        return iter(items)

    def __getitem__(self, key):
        if isinstance(key, (int, _np.integer)):
            n = len(self._values)
            if key < 0:
                key += n
            if key < 0 or key >= n:
                raise IndexError("vector index out of range")
            return self._item(key)
        if isinstance(key, slice):
            return vector._wrap(self._values[key],
                                None if self._mask is None else self._mask[key])
        if isinstance(key, vector):
            if key._values.dtype == _np.bool_:
                sel = key._values if key._mask is None else (key._values & ~key._mask)
            else:
                sel = key._values
        else:
            sel = _np.asarray(key)
        return vector._wrap(self._values[sel], None if self._mask is None else self._mask[sel])

    def __repr__(self):
        return "vector(%r)" % (self.to_list(),)

    def __bool__(self):
        raise TypeError("the truth value of a vector is ambiguous; use any() or all()")

    # -- arithmetic and comparison (NULL in, NULL out)
    def _binary(self, other, op, reflected=False):
        if isinstance(other, vector):
            ov, om = other._values, other._mask
        elif isinstance(other, _np.ndarray):
            ov, om = other, None
        elif isinstance(other, (list, tuple)):
            other = vector(other)
            ov, om = other._values, other._mask
        else:
            ov, om = other, None
        a, b = (ov, self._values) if reflected else (self._values, ov)
        with _np.errstate(divide="ignore", invalid="ignore"):
            out = op(a, b)
        mask = self._mask
        if om is not None:
            mask = om if mask is None else (mask | om)
        return vector._wrap(_np.asarray(out), mask)

    def __add__(self, o): return self._binary(o, _np.add)
    def __radd__(self, o): return self._binary(o, _np.add, True)
    def __sub__(self, o): return self._binary(o, _np.subtract)
    def __rsub__(self, o): return self._binary(o, _np.subtract, True)
    def __mul__(self, o): return self._binary(o, _np.multiply)
    def __rmul__(self, o): return self._binary(o, _np.multiply, True)
    def __truediv__(self, o): return self._binary(o, _np.true_divide)
    def __rtruediv__(self, o): return self._binary(o, _np.true_divide, True)
    def __floordiv__(self, o): return self._binary(o, _np.floor_divide)
    def __rfloordiv__(self, o): return self._binary(o, _np.floor_divide, True)
    def __mod__(self, o): return self._binary(o, _np.mod)
    def __rmod__(self, o): return self._binary(o, _np.mod, True)
    def __pow__(self, o): return self._binary(o, _np.power)
    def __rpow__(self, o): return self._binary(o, _np.power, True)
    def __and__(self, o): return self._binary(o, _np.logical_and)
    def __rand__(self, o): return self._binary(o, _np.logical_and, True)
    def __or__(self, o): return self._binary(o, _np.logical_or)
    def __ror__(self, o): return self._binary(o, _np.logical_or, True)
    def __eq__(self, o): return self._binary(o, _np.equal)
    def __ne__(self, o): return self._binary(o, _np.not_equal)
    def __lt__(self, o): return self._binary(o, _np.less)
    def __le__(self, o): return self._binary(o, _np.less_equal)
    def __gt__(self, o): return self._binary(o, _np.greater)
    def __ge__(self, o): return self._binary(o, _np.greater_equal)

    def __neg__(self):
        return vector._wrap(-self._values, self._mask)

    def __abs__(self):
        return vector._wrap(_np.abs(self._values), self._mask)

    def __invert__(self):
        if self._values.dtype == _np.bool_:
            return vector._wrap(~self._values, self._mask)
        return vector._wrap(_np.invert(self._values), self._mask)

    __hash__ = None


def _resolve_dtype(dtype):
    if isinstance(dtype, str) and dtype in _DTYPES:
        return _DTYPES[dtype]
    if isinstance(dtype, type) and dtype.__name__ in _DTYPES:
        return _DTYPES[dtype.__name__]
    return _np.dtype(dtype)


def _to_array(data, dtype=None):
    """(values ndarray, mask or None) from a list, array, vector or scalar."""
    if isinstance(data, vector):
        return data._values, data._mask
    if isinstance(data, _np.ndarray):
        arr = data if dtype is None else data.astype(_resolve_dtype(dtype))
        if arr.ndim != 1:
            arr = arr.reshape(-1)
        return arr, None
    items = list(data)
    mask = None
    if any(x is None for x in items):
        mask = _np.array([x is None for x in items], dtype=_np.bool_)
        fill = _fill_value(items, dtype)
        items = [fill if x is None else x for x in items]
    if dtype is not None:
        arr = _np.array(items, dtype=_resolve_dtype(dtype))
    elif items and all(isinstance(x, str) for x in items):
        arr = _np.array(items, dtype=object)
    else:
        arr = _np.array(items)
        if arr.dtype.kind in "US":
            arr = arr.astype(object)
    return arr, mask


def _fill_value(items, dtype):
    for x in items:
        if x is not None:
            if isinstance(x, str):
                return ""
            if isinstance(x, bytes):
                return b""
            return type(x)(0) if isinstance(x, (bool, int, float)) else x
    return 0


# ---------------------------------------------------------------------------
# Engine interface: columns in, columns out


def _make_vector(values, mask):
    return vector._wrap(values, mask)


def _readonly(arr):
    arr.flags.writeable = False
    return arr


def _infer_type(values):
    """Copra type code for an ndarray ('i64', 'str', 'ts:ms', ...)."""
    k = values.dtype.kind
    if k == "b":
        return "bool"
    if k in "iuf":
        return {"i": "i", "u": "u", "f": "f"}[k] + str(values.dtype.itemsize * 8)
    if k == "M":
        unit = _unit_of(values.dtype)
        if unit in ("s", "ms", "us", "ns"):
            return "ts:" + unit
        if unit == "D":
            return "date"
        raise ConversionError("timestamps of unit %r are not supported" % unit)
    if k in "US":
        return "str"
    if k == "O":
        for x in values:
            if x is None:
                continue
            if isinstance(x, bool):
                return "bool"
            if isinstance(x, int):
                return "i64"
            if isinstance(x, float):
                return "f64"
            if isinstance(x, bytes):
                return "bin"
            return "str"
        return "str"
    raise ConversionError("cannot store values of numpy type %s" % values.dtype)


def _as_column_parts(obj, length):
    """(values ndarray, mask) for a returned object; scalars become `length` copies."""
    if isinstance(obj, vector):
        return obj._values, obj._mask
    if isinstance(obj, _np.ndarray):
        return (obj.reshape(-1) if obj.ndim != 1 else obj), None
    if isinstance(obj, (list, tuple, range)) or (hasattr(obj, "__iter__") and not isinstance(obj, (str, bytes, dict))):
        items = obj if isinstance(obj, list) else list(obj)
        # Fast path: numbers only (None or anything else gives dtype object).
        try:
            arr = _np.array(items)
        except (ValueError, OverflowError, TypeError):
            arr = None
        if arr is not None and arr.ndim == 1 and arr.dtype.kind in "biuf":
            return arr, None
        mask = None
        if any(x is None for x in items):
            mask = _np.array([x is None for x in items], dtype=_np.bool_)
        if items and all(isinstance(x, (int, float, bool, _np.generic)) or x is None for x in items):
            fill = _fill_value(items, None)
            try:
                arr = _np.array([fill if x is None else x for x in items])
            except OverflowError:
                arr = _np.array(items, dtype=object)
        else:
            arr = _np.empty(len(items), dtype=object)
            arr[:] = items
        return arr, mask
    if isinstance(obj, _np.generic):
        obj = obj.item()
    if obj is None:
        return _np.zeros(length, dtype=_np.float64), _np.ones(length, dtype=_np.bool_)
    if isinstance(obj, (str, bytes)):
        arr = _np.empty(length, dtype=object)
        arr[:] = [obj] * length
        return arr, None
    return _np.full(length, obj), None


_INT_RANGES = {
    "u8": (0, 2**8 - 1), "u16": (0, 2**16 - 1), "u32": (0, 2**32 - 1), "u64": (0, 2**64 - 1),
    "i8": (-2**7, 2**7 - 1), "i16": (-2**15, 2**15 - 1), "i32": (-2**31, 2**31 - 1),
    "i64": (-2**63, 2**63 - 1),
}


def _convert_column(obj, type_code, nullable, column, length, bytes_as_str=False):
    """Converts one returned value to (type_code, values, mask).

    type_code is the declared type ('_' infers). Numeric and boolean values
    come back as a contiguous ndarray of the type's dtype; 'str'/'bin' as an
    object ndarray. With bytes_as_str (UDF results: UDFs get strings as
    bytes), bytes items of a 'str' column are decoded as UTF-8. Raises
    ConversionError naming the column and row.
    """
    values, mask = _as_column_parts(obj, length)
    if mask is not None and not mask.any():
        mask = None
    if type_code in ("_", "none"):
        type_code = _infer_type(values if mask is None else values[~mask])  \
            if values.dtype.kind == "O" else _infer_type(values)
    if mask is not None and not nullable:
        row = int(_np.flatnonzero(mask)[0])
        raise ConversionError(
            "column \"%s\" row %d: None is not allowed (annotate the return type as "
            "vector[%s | None] to return NULLs)" % (column, row, type_code.split(":")[0]))
    if type_code in ("str", "bin"):
        if values.dtype.kind != "O":
            values = values.astype(object) if values.dtype.kind in "US" else _np.array(
                [None if (mask is not None and mask[i]) else str(x) if type_code == "str" else x
                 for i, x in enumerate(values.tolist())], dtype=object)
        want = str if type_code == "str" else bytes
        for i, x in enumerate(values):
            if x is None or (mask is not None and mask[i]):
                continue
            if not isinstance(x, want):
                if bytes_as_str and type_code == "str" and isinstance(x, bytes):
                    try:
                        values[i] = x.decode("utf-8")
                    except UnicodeDecodeError as e:
                        raise ConversionError(
                            "column \"%s\" row %d: returned bytes are not valid UTF-8 "
                            "(byte %d of %r); a STRING result takes str or UTF-8 bytes" % (
                                column, i, e.start, x[:64])) from None
                    continue
                if type_code == "str" and isinstance(x, (int, float, bool, _np.generic)):
                    values[i] = str(x)
                    continue
                raise ConversionError("column \"%s\" row %d: expected %s, got %s %r" % (
                    column, i, want.__name__, type(x).__name__, x))
        return type_code, values, mask
    if type_code.startswith("ts:") or type_code == "date":
        unit = "D" if type_code == "date" else type_code[3:]
        if values.dtype.kind == "M":
            values = values.astype("datetime64[%s]" % unit)
        elif values.dtype.kind in "iu":
            values = values.astype(_np.int64)
        else:
            raise ConversionError("column \"%s\": expected timestamps, got %s" % (column, values.dtype))
        return type_code, _np.ascontiguousarray(values.view(_np.int64) if values.dtype.kind == "M" else values), mask
    dtype = _DTYPES.get(type_code)
    if dtype is None:
        raise ConversionError("column \"%s\": unknown type %s" % (column, type_code))
    if values.dtype.kind == "O":
        for i, x in enumerate(values):
            if (mask is not None and mask[i]) or x is None:
                values[i] = 0
                continue
            if not isinstance(x, (int, float, bool, _np.generic)):
                raise ConversionError("column \"%s\" row %d: expected a number, got %s %r" % (
                    column, i, type(x).__name__, x))
    if type_code in _INT_RANGES and values.dtype.kind in "iuO" and len(values):
        lo, hi = _INT_RANGES[type_code]
        valid = values if mask is None else values[~mask]
        if len(valid):
            if values.dtype.kind == "O":
                bad = [j for j, x in enumerate(values) if not (mask is not None and mask[j])
                       and not (lo <= int(x) <= hi)]
                if bad:
                    raise ConversionError("column \"%s\" row %d: %r is out of range for %s" % (
                        column, bad[0], values[bad[0]], type_code))
            else:
                vmin, vmax = int(valid.min()), int(valid.max())
                if vmin < lo or vmax > hi:
                    j = int(_np.flatnonzero((values < lo) | (values > hi))[0]) \
                        if values.dtype.kind == "i" or vmax > hi else 0
                    raise ConversionError("column \"%s\" row %d: %r is out of range for %s" % (
                        column, j, values[j].item() if hasattr(values[j], "item") else values[j],
                        type_code))
    try:
        out = _np.ascontiguousarray(values.astype(dtype, copy=False))
    except (TypeError, ValueError) as e:
        raise ConversionError("column \"%s\": cannot convert to %s: %s" % (column, type_code, e))
    return type_code, out, mask


def _convert_returns(result, specs, length):
    """Converts a coprocessor's return value to one (type, values, mask) per spec.

    specs: list of (column name, type code, nullable). length: rows to
    broadcast scalars to, or -1 to use the longest returned vector (1 when
    all are scalars).
    """
    if len(specs) == 1:
        results = [result]
    else:
        if not isinstance(result, tuple):
            raise ConversionError("expected a tuple of %d columns (returns=%s), got %s" % (
                len(specs), [s[0] for s in specs], type(result).__name__))
        results = list(result)
    if len(results) != len(specs):
        raise ConversionError("returned %d columns, but returns= names %d" % (
            len(results), len(specs)))
    if length < 0:
        length = 1
        for r in results:
            if isinstance(r, (vector, _np.ndarray, list, tuple, range)):
                length = len(r)
                break
    out = []
    for r, (name, type_code, nullable) in zip(results, specs):
        out.append(_convert_column(r, type_code, nullable, name, length))
    lengths = {len(o[1]) for o in out}
    if len(lengths) > 1:
        raise ConversionError("returned columns have different lengths: %s" % ", ".join(
            "%s=%d" % (s[0], len(o[1])) for s, o in zip(specs, out)))
    return out


# ---------------------------------------------------------------------------
# Script compilation and validation


_DECORATORS = ("coprocessor", "copr")
_KEYWORDS = ("args", "sql", "returns", "backend")
_BACKENDS = ("cpython", "pyo3", "rspy", "process")


def coprocessor(**kwargs):
    """@coprocessor(args=[...], sql="...", returns=[...], backend="cpython")."""
    def wrap(fn):
        fn.__copra_coprocessor__ = kwargs
        return fn
    return wrap


copr = coprocessor


def _parse_type(node, where):
    """Type code and nullability of the T in vector[T]."""
    nullable = False
    if isinstance(node, _ast.BinOp) and isinstance(node.op, _ast.BitOr):
        parts = [node.left, node.right]
        nones = [p for p in parts if isinstance(p, _ast.Constant) and p.value is None]
        rest = [p for p in parts if not (isinstance(p, _ast.Constant) and p.value is None)]
        if len(nones) != 1 or len(rest) != 1:
            raise ScriptError("%s: expected vector[T] or vector[T | None]" % where,
                              node.lineno, node.col_offset)
        node = rest[0]
        nullable = True
    if isinstance(node, _ast.Constant) and node.value is None:
        return "_", True
    if not isinstance(node, _ast.Name) or node.id not in _TYPE_NAMES:
        raise ScriptError("%s: unknown vector element type %s (expected one of %s)" % (
            where, _ast.unparse(node), ", ".join(_TYPE_NAMES)), node.lineno, node.col_offset)
    return node.id, nullable


def _parse_vector_annotation(node, where):
    if (isinstance(node, _ast.Subscript) and isinstance(node.value, _ast.Name)
            and node.value.id == "vector"):
        return _parse_type(node.slice, where)
    raise ScriptError("%s: expected vector[T], got %s" % (where, _ast.unparse(node)),
                      node.lineno, node.col_offset)


def _literal(node, what, kind):
    try:
        value = _ast.literal_eval(node)
    except ValueError:
        raise ScriptError("@coprocessor %s must be a literal %s" % (what, kind.__name__),
                          node.lineno, node.col_offset)
    if not isinstance(value, kind):
        raise ScriptError("@coprocessor %s must be a %s, not %s" % (
            what, kind.__name__, type(value).__name__), node.lineno, node.col_offset)
    return value


def _register_source(filename, source):
    """Lets tracebacks show the script's lines."""
    lines = source.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    _linecache.cache[filename] = (len(source), None, lines, filename)


def _compile_script(source, filename, in_worker=False):
    """Validates and runs a coprocessor script; returns (function, metadata dict).

    A backend="process" script is only validated here (function None) unless
    this is a worker process: its top level runs in the workers."""
    tree = _ast.parse(source, filename)
    found = []
    for node in tree.body:
        if isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
            for d in node.decorator_list:
                target = d.func if isinstance(d, _ast.Call) else d
                if isinstance(target, _ast.Name) and target.id in _DECORATORS:
                    found.append((node, d))
                elif (isinstance(target, _ast.Attribute) and target.attr in _DECORATORS):
                    found.append((node, d))
        elif isinstance(node, (_ast.Import, _ast.ImportFrom, _ast.ClassDef, _ast.Assign,
                               _ast.AnnAssign, _ast.AugAssign, _ast.If, _ast.Try, _ast.Pass)):
            pass
        elif isinstance(node, _ast.Expr) and isinstance(node.value, _ast.Constant):
            pass  # docstring
        else:
            raise ScriptError(
                "only imports, definitions and constants are allowed at the top level of a "
                "script, found %s" % type(node).__name__.lower(), node.lineno, node.col_offset)
    if len(found) != 1:
        lines = ", ".join(str(d.lineno) for _, d in found)
        raise ScriptError("expected one and only one function decorated with @coprocessor, "
                          "found %d%s" % (len(found), " (lines %s)" % lines if found else ""),
                          found[1][1].lineno if len(found) > 1 else 0)
    fn, deco = found[0]
    if not isinstance(deco, _ast.Call):
        raise ScriptError("@coprocessor needs arguments: returns=[...] is required",
                          deco.lineno, deco.col_offset)
    if deco.args:
        raise ScriptError("@coprocessor takes keyword arguments only (args=, sql=, returns=, "
                          "backend=)", deco.lineno, deco.col_offset)
    meta = {"name": fn.name, "args": None, "sql": None, "returns": None, "backend": "cpython",
            "line": deco.lineno}
    for kw in deco.keywords:
        if kw.arg is None or kw.arg not in _KEYWORDS:
            raise ScriptError("unknown @coprocessor argument %s (expected args, sql, returns, "
                              "backend)" % (kw.arg or "**"), kw.value.lineno, kw.value.col_offset)
        if kw.arg in ("args", "returns"):
            value = _literal(kw.value, kw.arg, list)
            if not all(isinstance(x, str) for x in value):
                raise ScriptError("@coprocessor %s must be a list of column names" % kw.arg,
                                  kw.value.lineno, kw.value.col_offset)
        else:
            value = _literal(kw.value, kw.arg, str)
        meta[kw.arg] = value
    if meta["returns"] is None:
        raise ScriptError("@coprocessor needs returns=[...] (the output column names)",
                          deco.lineno, deco.col_offset)
    if not meta["returns"]:
        raise ScriptError("@coprocessor returns=[] must name at least one column",
                          deco.lineno, deco.col_offset)
    if len(set(meta["returns"])) != len(meta["returns"]):
        raise ScriptError("@coprocessor returns= names a column twice", deco.lineno,
                          deco.col_offset)
    if meta["sql"] is not None and meta["args"] is None:
        raise ScriptError("@coprocessor sql= needs args=[...] naming the columns passed to "
                          "%s" % fn.name, deco.lineno, deco.col_offset)
    if meta["backend"] not in _BACKENDS:
        raise ScriptError("unknown backend %r (expected cpython, pyo3, rspy or process)" %
                          meta["backend"], deco.lineno, deco.col_offset)
    # Return annotation.
    n = len(meta["returns"])
    if fn.returns is None:
        rtypes = [("_", True)] * n
    elif isinstance(fn.returns, _ast.Tuple):
        rtypes = [_parse_vector_annotation(e, "return annotation") for e in fn.returns.elts]
    else:
        rtypes = [_parse_vector_annotation(fn.returns, "return annotation")]
    if len(rtypes) != n:
        raise ScriptError("return annotation has %d vector types but returns= names %d columns"
                          % (len(rtypes), n), fn.returns.lineno, fn.returns.col_offset)
    meta["return_types"] = rtypes
    # Parameters.
    a = fn.args
    if a.posonlyargs or a.kwonlyargs or a.vararg:
        raise ScriptError("%s: use plain parameters (one per args= column) and **kwargs" % fn.name,
                          fn.lineno, fn.col_offset)
    params = []
    for p in a.args:
        ptype = None
        if p.annotation is not None:
            ptype = _parse_vector_annotation(p.annotation, "parameter %s" % p.arg)
        params.append((p.arg, ptype))
    nargs = len(meta["args"]) if meta["args"] is not None else 0
    if len(params) - len(a.defaults) > nargs or len(params) < nargs:
        raise ScriptError("%s takes %d parameters but args= names %d columns" % (
            fn.name, len(params), nargs), fn.lineno, fn.col_offset)
    meta["params"] = params[:nargs] if meta["args"] is not None else params
    meta["kwargs"] = a.kwarg is not None
    if meta["backend"] == "process" and not in_worker:
        return None, meta
    # Run the module body with the coprocessor names available.
    _register_source(filename, source)
    env = {"__name__": filename.rsplit(".", 1)[0], "__file__": filename,
           "__builtins__": __builtins__}
    for name in ("vector", "coprocessor", "copr", "u8", "u16", "u32", "u64", "i8", "i16",
                 "i32", "i64", "f32", "f64", "none", "_"):
        env[name] = globals()[name]
    code = compile(tree, filename, "exec")
    exec(code, env)
    func = env.get(fn.name)
    if not callable(func):
        raise ScriptError("%s is not callable after running the script" % fn.name, fn.lineno)
    return func, meta


def _compile_udf(source, filename, name, aggregate):
    """Runs a UDF body; returns the function (scalar) or class (aggregate) named `name`."""
    tree = _ast.parse(source, filename)
    _register_source(filename, source)
    env = {"__name__": name, "__file__": filename, "__builtins__": __builtins__}
    exec(compile(tree, filename, "exec"), env)
    obj = env.get(name)
    if obj is None:
        # SQL folds unquoted names to lower case; the Python name may not be.
        matches = [v for k, v in env.items() if k.lower() == name.lower() and callable(v)]
        if len(matches) == 1:
            obj = matches[0]
    if obj is None:
        defined = sorted(k for k, v in env.items() if callable(v) and not k.startswith("__"))
        raise ScriptError("the body must define %s %s (found: %s)" % (
            "a class" if aggregate else "a function", name, ", ".join(defined) or "nothing"))
    if aggregate:
        if not isinstance(obj, type):
            raise ScriptError("%s must be a class with process() and finalize()" % name)
        for m in ("process", "finalize"):
            if not callable(getattr(obj, m, None)):
                raise ScriptError("aggregate class %s has no %s() method" % (name, m))
    elif not callable(obj):
        raise ScriptError("%s must be a function" % name)
    return obj


def _aggregate_save(obj):
    """An aggregate instance's state as bytes (backend="process", between calls).

    The class's own serialize()/deserialize() when it has both, else a
    pickle of the instance's __dict__.
    """
    import pickle
    if callable(getattr(obj, "serialize", None)) and callable(getattr(obj, "deserialize", None)):
        data = obj.serialize()
        if isinstance(data, str):
            return b"s" + data.encode("utf-8")
        if isinstance(data, (bytes, bytearray, memoryview)):
            return b"b" + bytes(data)
        return b"p" + pickle.dumps(data, protocol=5)
    try:
        return b"d" + pickle.dumps(obj.__dict__, protocol=5)
    except Exception as e:
        raise TypeError(
            "the state of %s cannot be kept between calls on backend \"process\" (%s: %s); "
            "define serialize(self) and deserialize(self, data)"
            % (type(obj).__name__, type(e).__name__, e)) from None


def _aggregate_load(cls, data):
    """The instance _aggregate_save(obj) was made from."""
    import pickle
    tag, body = data[:1], data[1:]
    if tag == b"d":
        obj = cls.__new__(cls)
        obj.__dict__.update(pickle.loads(body))
        return obj
    obj = cls()
    value = body.decode("utf-8") if tag == b"s" else body if tag == b"b" else pickle.loads(body)
    obj.deserialize(value)
    return obj


def _format_exception(etype, exc, tb):
    import traceback
    if tb is None:
        tb = getattr(exc, "__traceback__", None)
    lines = traceback.format_exception(etype, exc, tb)
    return "".join(lines)


# ---------------------------------------------------------------------------
# query().sql(...)


class _QueryResult(list):
    """Columns of a query result: by position (r[0]) or by name (r["number"])."""

    def __init__(self, names, columns):
        list.__init__(self, columns)
        self.names = list(names)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return list.__getitem__(self, self.names.index(key))
            except ValueError:
                raise KeyError("no column %r in the result (columns: %s)" % (
                    key, ", ".join(self.names)))
        return list.__getitem__(self, key)


class _QueryEngine:
    def sql(self, text):
        """Runs SQL in the script's database. Returns the result's columns as
        vectors (by position or name), or the affected-row count for commands."""
        out = _copra_native.sql(text)
        if isinstance(out, int):
            return out
        names, columns = out
        return _QueryResult(names, columns)


def query():
    return _QueryEngine()


# ---------------------------------------------------------------------------
# Helper functions (GreptimeDB's builtins), thin over numpy. They take
# vectors, arrays, lists or scalars; element-wise ones return vectors.


def _arr(x):
    if isinstance(x, vector):
        return x._values if x._mask is None else _np.where(
            x._mask, _np.nan, x._values.astype(_np.float64))
    return _np.asarray(x)


def _elementwise(fn):
    def apply(x, *rest):
        mask = x._mask if isinstance(x, vector) else None
        vals = x._values if isinstance(x, vector) else _np.asarray(x)
        with _np.errstate(divide="ignore", invalid="ignore"):
            out = fn(vals, *[_arr(r) for r in rest])
        if _np.ndim(out) == 0:
            return out.item() if hasattr(out, "item") else out
        return vector._wrap(_np.asarray(out), mask)
    apply.__name__ = fn.__name__
    return apply


sqrt = _elementwise(_np.sqrt)
abs = _elementwise(_np.abs)
floor = _elementwise(_np.floor)
ceil = _elementwise(_np.ceil)
exp = _elementwise(_np.exp)
ln = _elementwise(_np.log)
log2 = _elementwise(_np.log2)
log10 = _elementwise(_np.log10)
sin = _elementwise(_np.sin)
cos = _elementwise(_np.cos)
tan = _elementwise(_np.tan)
asin = _elementwise(_np.arcsin)
acos = _elementwise(_np.arccos)
atan = _elementwise(_np.arctan)
trunc = _elementwise(_np.trunc)
signum = _elementwise(_np.sign)


def round(x, decimals=0):
    return _elementwise(lambda v: _np.round(v, decimals))(x)


def pow(base, exponent):
    return _elementwise(_np.power)(base, exponent)


def clip(x, low, high):
    return _elementwise(_np.clip)(x, low, high)


def _valid(x):
    if isinstance(x, vector):
        return x._values if x._mask is None else x._values[~x._mask]
    return _np.asarray(x)


def diff(x):
    return vector._wrap(_np.diff(_valid(x)), None)


def mean(x):
    v = _valid(x)
    return float(_np.mean(v)) if len(v) else None


avg = mean


def sum(x):
    v = _valid(x)
    return _np.sum(v).item()


def min(x):
    v = _valid(x)
    return _np.min(v).item() if len(v) else None


def max(x):
    v = _valid(x)
    return _np.max(v).item() if len(v) else None


def count(x):
    return int(len(_valid(x)))


def stddev(x):
    v = _valid(x)
    return float(_np.std(v, ddof=1)) if len(v) > 1 else None


def variance(x):
    v = _valid(x)
    return float(_np.var(v, ddof=1)) if len(v) > 1 else None


def polyval(p, x):
    return _elementwise(lambda xv, pv: _np.polyval(pv, xv))(x, p)


def argmax(x):
    return int(_np.argmax(_arr(x)))


def argmin(x):
    return int(_np.argmin(_arr(x)))


def percentile(x, q):
    v = _valid(x)
    return float(_np.percentile(v, q)) if len(v) else None


def first(x):
    v = _valid(x)
    return v[0].item() if len(v) else None


def last(x):
    v = _valid(x)
    return v[-1].item() if len(v) else None


def prev(x):
    """The vector shifted by one: element i is x[i-1] (NULL for the first)."""
    x = x if isinstance(x, vector) else vector(x)
    n = len(x)
    values = _np.empty_like(x._values)
    mask = _np.zeros(n, dtype=_np.bool_)
    if n:
        values[1:] = x._values[:-1]
        values[0] = x._values[0]
        mask[0] = True
        if x._mask is not None:
            mask[1:] |= x._mask[:-1]
    return vector._wrap(values, mask)


def next(x):
    """The vector shifted by one: element i is x[i+1] (NULL for the last)."""
    x = x if isinstance(x, vector) else vector(x)
    n = len(x)
    values = _np.empty_like(x._values)
    mask = _np.zeros(n, dtype=_np.bool_)
    if n:
        values[:-1] = x._values[1:]
        values[-1] = x._values[-1]
        mask[-1] = True
        if x._mask is not None:
            mask[:-1] |= x._mask[1:]
    return vector._wrap(values, mask)


def interval(ts, arr, duration, func):
    """Applies `func` to the values of `arr` in consecutive windows of `duration`
    over the timestamps `ts` (same unit as ts, or a numpy timedelta64), one
    result per window starting at the first timestamp; returns a vector."""
    t = ts._values if isinstance(ts, vector) else _np.asarray(ts)
    a = arr if isinstance(arr, vector) else vector(arr)
    if len(t) != len(a):
        raise ValueError("interval(): ts and arr have different lengths")
    if len(t) == 0:
        return vector([])
    ti = t.view(_np.int64) if t.dtype.kind == "M" else t.astype(_np.int64)
    if isinstance(duration, _np.timedelta64):
        duration = int(duration / _np.timedelta64(1, _unit_of(t.dtype) or "ms"))
    duration = int(duration)
    if duration <= 0:
        raise ValueError("interval(): duration must be positive")
    start = int(ti.min())
    bucket = (ti - start) // duration
    out = []
    for b in range(int(bucket.max()) + 1):
        sel = bucket == b
        out.append(func(a[sel]))
    return vector(out)


class QueryError(Exception):
    """An error from SQL run through query().sql()."""

