// Helpers for the scalar function tests: build argument Datums from
// Values, call a function through FunctionRegistry::Global() overload
// resolution (casting arguments as the evaluator would), and render results
// as text. Test-only; included by src/function/*_test.cpp.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "function/datum.h"
#include "function/function_registry.h"
#include "types/cast.h"
#include "types/time_format.h"
#include "types/value.h"
#include "vector/column_builder.h"

namespace copra::test {

inline Value I8(int8_t v) { return Value::Int8(v); }
inline Value I16(int16_t v) { return Value::Int16(v); }
inline Value I32(int32_t v) { return Value::Int32(v); }
inline Value I64(int64_t v) { return Value::Int64(v); }
inline Value U8(uint8_t v) { return Value::UInt8(v); }
inline Value U64(uint64_t v) { return Value::UInt64(v); }
inline Value F32(float v) { return Value::Float32(v); }
inline Value F64(double v) { return Value::Float64(v); }
inline Value B(bool v) { return Value::Boolean(v); }
inline Value S(std::string v) { return Value::String(std::move(v)); }
inline Value Bin(std::string v) { return Value::Binary(std::move(v)); }
inline Value Null(LogicalType t = LogicalType::Null()) { return Value::Null(t); }
inline Value Ts(const std::string& text, TimeUnit unit = TimeUnit::kMillisecond) {
  return Value::Timestamp(*ParseTimestamp(text, unit), unit);
}
inline Value Dt(const std::string& text) { return Value::Date(*ParseDate(text)); }
inline Value Iv(const std::string& text) { return Value::IntervalValue(*ParseInterval(text)); }

// A flat column of `type`; values must be NULL or of that type.
inline Datum Col(const LogicalType& type, const std::vector<Value>& values) {
  ColumnBuilder b(type);
  for (const Value& v : values) {
    Status st = b.AppendValue(v);
    if (!st.ok()) ADD_FAILURE() << st.ToString();
  }
  return Datum::Flat(b.Finish());
}
// A scalar; a NULL of `type` when `v` is an untyped NULL and type is given.
inline Datum Lit(const Value& v) { return Datum::FromValue(v); }

// Casts a Datum to `type` row by row (the evaluator's job; slow is fine).
inline Result<Datum> CastDatum(const Datum& d, const LogicalType& type) {
  if (d.type() == type) return d;
  ColumnBuilder b(type);
  for (int64_t i = 0; i < d.column->length(); ++i) {
    COPRA_ASSIGN_OR_RETURN(Value v, CastValue(d.column->GetValue(i), type));
    COPRA_RETURN_NOT_OK(b.AppendValue(v));
  }
  return Datum{b.Finish(), d.is_scalar};
}

struct CallOptions {
  int64_t statement_time_nanos = 0;
};

// Resolves `name` for the argument types and runs the kernel.
inline Result<Datum> Call(const std::string& name, const std::vector<Datum>& args,
                          CallOptions opts = {}) {
  std::vector<LogicalType> types;
  std::vector<bool> string_literals;  // scalar strings stand for SQL string literals
  int64_t rows = 1;
  for (const Datum& d : args) {
    types.push_back(d.type());
    string_literals.push_back(d.is_scalar && d.type().id() == TypeId::kString);
    if (!d.is_scalar) rows = d.column->length();
  }
  COPRA_ASSIGN_OR_RETURN(auto call,
                         FunctionRegistry::Global().ResolveScalar(name, types, &string_literals));
  std::vector<Datum> cast;
  for (size_t i = 0; i < args.size(); ++i) {
    COPRA_ASSIGN_OR_RETURN(Datum c, CastDatum(args[i], call.cast_to[i]));
    cast.push_back(std::move(c));
  }
  KernelContext ctx{rows, call.function, opts.statement_time_nanos};
  COPRA_ASSIGN_OR_RETURN(Datum out, call.function->kernel(ctx, cast));
  if (out.type() != call.return_type) {
    return Status::Internal("kernel returned " + out.type().ToString() + ", expected " +
                            call.return_type.ToString());
  }
  bool all_scalar = true;
  for (const Datum& d : args) all_scalar &= d.is_scalar;
  int64_t expect_rows = out.is_scalar ? 1 : rows;
  if (out.column->length() != expect_rows || (all_scalar && !out.is_scalar && rows != 1)) {
    return Status::Internal("kernel returned the wrong number of rows");
  }
  return out;
}

// Text of each row ("NULL" for NULLs), or one "ERROR <code>: <message>".
inline std::vector<std::string> Text(const Result<Datum>& r) {
  if (!r.ok()) {
    return {std::string("ERROR ") + ErrorCodeName(r.status().code()) + ": " +
            r.status().message()};
  }
  std::vector<std::string> out;
  const Column& c = *r->column;
  for (int64_t i = 0; i < c.length(); ++i) out.push_back(c.GetValue(i).ToString());
  return out;
}

inline std::vector<std::string> Apply(const std::string& name, const std::vector<Datum>& args) {
  return Text(Call(name, args));
}

// The one-row result of a call on scalars, as text.
inline std::string Eval(const std::string& name, const std::vector<Value>& args) {
  std::vector<Datum> d;
  for (const Value& v : args) d.push_back(Lit(v));
  std::vector<std::string> t = Apply(name, d);
  return t.size() == 1 ? t[0] : "<" + std::to_string(t.size()) + " rows>";
}

using Strs = std::vector<std::string>;

}  // namespace copra::test
