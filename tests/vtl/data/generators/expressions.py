"""Template generator for ../oracle_differential.jsonl (see build.py): prints JSON lines."""

import json
import random
import sys

random.seed(int(sys.argv[1]))
vals = [
    "$a",
    "$b",
    "$n",
    "$f",
    "$s",
    "$l",
    "$m",
    "$nope",
    "$m.k",
    "$l[1]",
    "$big",
    "$neg",
    "$t",
    "$z",
    "$e",
    "$em",
    "1",
    "-1",
    "0",
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "1.5",
    "-0.0",
    "1e3",
    "'x'",
    "'1'",
    '"$n"',
    "true",
    "false",
    "[1, 2]",
    "[]",
    "{'a': 1}",
    "[1..3]",
    "[3..1]",
]
ops = [
    "+",
    "-",
    "*",
    "/",
    "%",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "&&",
    "||",
    "and",
    "or",
    "eq",
    "ne",
    "lt",
    "gt",
]
meths = [
    "$s.length()",
    "$s.toUpperCase()",
    "$s.substring(1)",
    "$s.substring(1, 2)",
    '$s.indexOf("b")',
    "$s.charAt(0)",
    '$s.contains("b")',
    '$s.startsWith("a")',
    '$s.endsWith("c")',
    '$s.replace("b", "B")',
    "$s.trim()",
    "$s.isEmpty()",
    '$s.equals("abc")',
    '$s.equalsIgnoreCase("ABC")',
    '$s.concat("d")',
    '$s.compareTo("abd")',
    '$s.lastIndexOf("c")',
    "$l.size()",
    "$l.get(0)",
    "$l.contains(1)",
    '$l.indexOf("two")',
    "$l.isEmpty()",
    "$l.subList(0, 1)",
    "$m.size()",
    "$m.keySet()",
    "$m.values()",
    "$m.entrySet()",
    '$m.containsKey("k")',
    '$m.get("k")',
    '$m.getOrDefault("q", 5)',
    "$n.intValue()",
    "$n.doubleValue()",
    "$f.intValue()",
    "$n.toString()",
    "$n.equals(7)",
    "$n.compareTo(3)",
    "$t.booleanValue()",
    "$big.longValue()",
    "$l.get(5)",
    "$s.substring(9)",
    '$m.put("n", 1)',
    "$l.add(9)",
    "$l.remove(0)",
    '$m.remove("k")',
    '$n.parseInt("42")',
    "$s.hashCode()",
    "$em.length()",
    "$neg.intValue()",
    "$z.doubleValue()",
    "$m.isEmpty()",
    "$e.size()",
    "$s.toLowerCase()",
    "$l.get($n)",
    "$m.k.length()",
    "$nope.length()",
    "$m.keySet().size()",
]


def expr(d=0):
    r = random.random()
    if d > 2 or r < 0.35:
        return random.choice(vals)
    if r < 0.55:
        return random.choice(meths)
    if r < 0.65:
        return "(" + expr(d + 1) + ")"
    if r < 0.7:
        return "!" + random.choice(vals)
    return f"{expr(d + 1)} {random.choice(ops)} {expr(d + 1)}"


ctx = {
    "a": 1,
    "b": "B",
    "m": {"k": "v", "z": None},
    "l": [1, "two", None],
    "s": "abc",
    "n": 7,
    "f": 2.5,
    "e": [],
    "big": 3000000000,
    "neg": -5,
    "t": True,
    "z": 0,
    "em": "😀x",
}
for i in range(int(sys.argv[2])):
    parts = []
    for _ in range(random.randint(1, 4)):
        r = random.random()
        e = expr()
        if r < 0.4:
            parts.append(f"#set($r = {e})[$r]")
        elif r < 0.7:
            parts.append(f"#if({e})T#{{else}}F#end")
        elif r < 0.9:
            parts.append(f"[{random.choice(meths)}]")
        else:
            parts.append(f"#foreach($i in {random.choice(vals)})$i,#end")
    print(json.dumps({"id": str(i), "template": " ".join(parts), "context": ctx}))
