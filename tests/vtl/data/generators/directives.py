"""Template generator for ../oracle_differential.jsonl (see build.py): prints JSON lines."""

import json
import random

random.seed(int(__import__("sys").argv[1]))
refs = [
    "$a",
    "$b",
    "$m",
    "$l",
    "$s",
    "$n",
    "$nope",
    "$m.k",
    "$m.x",
    "$l[0]",
    "$l.size()",
    "$s.length()",
    "${a}",
    "$!nope",
    "$!{a}",
    '$m.get("k")',
    "$l.get(1)",
    "$a-b",
    "$m.k.z",
    "$s.substring(1)",
    "$n.intValue()",
    "$f",
    "$e",
    "$e.size()",
]
exprs = [
    "1",
    "2",
    "-3",
    "1.5",
    "'x'",
    '"y$a"',
    "true",
    "false",
    "[1, 2]",
    "[1..3]",
    "{'k': 1}",
    "$a + 1",
    "$n * 2",
    "$n / 0",
    "$n % 3",
    "$s + 'z'",
    "$nope + 1",
    "!$a",
    "$a == 1",
    "$s == 'abc'",
    "$n > 2",
    "$a && $b",
    "$nope || $b",
    "($n + 1) * 2",
    "$l",
    "$m",
    "$nope",
    "$f - 1",
    "$n - 1",
]


def expr():
    return random.choice(exprs + refs)


def stmt(depth=0):
    r = random.random()
    if depth > 2:
        r = r * 0.5
    if r < 0.25:
        return random.choice(
            ["text ", "a", " ", "\n", "  ", "\t", ",", ".", '"', "{", "}", "[", "]", "x\n  "]
        )
    if r < 0.45:
        return random.choice(refs) + random.choice(["", "", " ", ".", "\n"])
    if r < 0.55:
        return (
            f"#set({random.choice(['$a', '$x', '$m.k', '$l[0]', '$y'])} = {expr()})"
            + random.choice(["", "\n", "  \n", " "])
        )
    if r < 0.65:
        return (
            f"#if({expr()}){block(depth)}"
            + (f"#elseif({expr()}){block(depth)}" if random.random() < 0.3 else "")
            + (f"#else{block(depth)}" if random.random() < 0.4 else "")
            + "#end"
            + random.choice(["", "\n", " "])
        )
    if r < 0.75:
        return (
            f"#foreach($i in {random.choice(['$l', '[1..3]', '$m', '$nope', '$s', '[]', '$m.keySet()'])}){block(depth)}#end"
            + random.choice(["", "\n"])
        )
    if r < 0.8:
        return random.choice(
            [
                "\\$a",
                "\\\\$a",
                "\\#if(true)x\\#end",
                "## c\n",
                "#* c *#",
                "#[[ $raw ]]#",
                "$foreach.count",
                "$velocityCount",
                "$foreach.hasNext",
                "#break",
                "$!{nope}x",
            ]
        )
    if r < 0.85:
        return random.choice(
            ["#macro(mm $p)<$p>#end", "#mm($a)", "#mm($nope)", "#mm()", "#mm(1 2)"]
        )
    if r < 0.9:
        return random.choice(
            ["#define($d)D$a#end", "$d", '#evaluate("$a")', "#evaluate('#set($z = 5)$z')"]
        )
    return random.choice(
        ["  #set($q = 1)", "\n  #set($q = 2)\n", "#{if}(true)y#{end}", "#if(true)\n  a\n#end\n"]
    )


def block(depth):
    return "".join(stmt(depth + 1) for _ in range(random.randint(0, 4)))


ctx = {
    "a": 1,
    "b": "B",
    "m": {"k": "v", "z": None},
    "l": [1, "two", None],
    "s": "abc",
    "n": 7,
    "f": 2.5,
    "e": [],
}
for i in range(int(__import__("sys").argv[2])):
    t = "".join(stmt() for _ in range(random.randint(1, 7)))
    print(json.dumps({"id": str(i), "template": t, "context": ctx}))
