#!/usr/bin/env python3
"""Writes C++20 stress inputs for the robustness tests to stdout.

  gen_stress.py call-chain N    thread bodies that call N functions deep
  gen_stress.py deep N          macro, template, loop and lambda nesting N deep
  gen_stress.py long N          functions of N statements, cases and terms

Line 3 of every file is the same leak, a detached thread spinning forever:
the tests expect its warning at 3:51 (the detach), which proves
that the checks ran over the file and did not just survive it.
"""
import argparse
import sys

PRELUDE = """\
#include <thread>
#include <condition_variable>
void sentinel() { std::thread([] { for (;;) {} }).detach(); }
"""


def call_chain(n):
    """chainK calls chain(K+1); the last loops forever and the one before
    waits without deadline. Reached from a detached std::thread, from a
    std::jthread that owns a stop token, and from the middle of the chain."""
    out = [PRELUDE, "std::mutex Mu;\nstd::condition_variable Cv;\n"]
    out.append("void chain%d() { for (;;) {} }\n" % n)
    out.append("void chain%d() { std::unique_lock<std::mutex> L(Mu); Cv.wait(L); "
               "chain%d(); }\n" % (n - 1, n))
    for k in range(n - 2, -1, -1):
        out.append("void chain%d() { chain%d(); }\n" % (k, k + 1))
    out.append("void startDetached() { std::thread(chain0).detach(); }\n")
    out.append("void startJthread() { std::jthread J([](std::stop_token) "
               "{ chain0(); }); J.detach(); }\n")
    out.append("void startMiddle() { std::thread([] { chain%d(); }).detach(); }\n"
               % (n // 2))
    return "".join(out)


def deep(n):
    """Nesting of every kind the checks walk through, n levels where clang
    allows it (brackets stop at 256 levels, templates at 1024)."""
    out = [PRELUDE]
    # A macro that expands through n others before it starts a thread.
    out.append("#define SPAWN0(body) std::thread([] { body }).detach()\n")
    for k in range(1, n + 1):
        out.append("#define SPAWN%d(body) SPAWN%d(body)\n" % (k, k - 1))
    out.append("void macroChain() { SPAWN%d(for (;;) {}); }\n" % n)
    # Macro arguments nested inside each other, loops inside loops.
    brackets = min(n, 60)
    out.append("#define LOOP(body) while (true) { body }\n")
    out.append("void macroArgs() { std::thread([] { %s }).detach(); }\n"
               % ("LOOP(" * brackets + ")" * brackets))
    # Loops nested without braces, so no bracket limit applies.
    out.append("void nestedLoops() { std::thread([] { %s for (;;) {} }).detach(); }\n"
               % ("while (true)" * n))
    out.append("void nestedIfs(bool B) { std::thread([B] { for (;;) %s {} }).detach(); }\n"
               % ("if (B)" * n))
    # Lambdas in lambdas, each level launching the next.
    lambdas = min(n, 60)
    body = "for (;;) {}"
    for _ in range(lambdas):
        body = "std::thread([] { %s }).detach();" % body
    out.append("void nestedLambdas() { %s }\n" % body)
    # A thread body n template instantiations deep, and a type n levels deep.
    templates = min(n, 900)
    out.append("template <int N> struct Deep { static void run() { Deep<N - 1>::run(); } };\n")
    out.append("template <> struct Deep<0> { static void run() { for (;;) {} } };\n")
    out.append("void templateChain() { std::thread(&Deep<%d>::run).detach(); }\n" % templates)
    out.append("template <typename T> struct Wrap { T Inner; void spin() { for (;;) {} } };\n")
    wrapped = "Wrap<" * min(n, 200) + "int" + ">" * min(n, 200)
    out.append("void nestedTypes() { std::thread([] { %s W; W.spin(); }).detach(); }\n"
               % wrapped)
    # A variadic template whose pack has n elements.
    out.append("template <typename... Ts> void spinAll(Ts... Args) { for (;;) {} }\n")
    out.append("void bigPack() { std::thread([] { spinAll(%s); }).detach(); }\n"
               % ", ".join(["0"] * n))
    return "".join(out)


def long_functions(n):
    """Thread bodies with n statements, n else-ifs, n cases, n terms."""
    out = [PRELUDE, "int Data[16];\n"]
    statements = "".join("Sum += Data[%d] * %d;\n" % (k % 16, k) for k in range(n))
    out.append("void straight() {\n std::thread([] {\n int Sum = 0;\n%s"
               "for (;;) {}\n }).detach();\n}\n" % statements)
    out.append("void loopBody() {\n std::thread([] {\n int Sum = 0;\n for (;;) {\n%s"
               " }\n }).detach();\n}\n" % statements)
    # Each else-if nests one level deeper; clang's parser itself overflows its
    # stack at about 10,000 of them (5,000 parse).
    chain = "".join("else if (X == %d) Sum += %d;\n" % (k, k)
                    for k in range(1, min(n, 4000)))
    out.append("void elseIfs(int X) {\n std::thread([X] {\n int Sum = 0;\n"
               " for (;;) {\n if (X == 0) Sum = 0;\n%s }\n }).detach();\n}\n" % chain)
    cases = "".join("case %d: Sum += %d; break;\n" % (k, k) for k in range(n))
    out.append("void cases(int X) {\n std::thread([X] {\n int Sum = 0;\n"
               " while (true) {\n switch (X) {\n%s }\n }\n }).detach();\n}\n" % cases)
    terms = " + ".join("Data[%d]" % (k % 16) for k in range(n))
    out.append("void expression() {\n std::thread([] {\n while (%s != -1) {}\n"
               " }).detach();\n}\n" % terms)
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["call-chain", "deep", "long"])
    parser.add_argument("n", type=int)
    args = parser.parse_args()
    if args.n < 2:
        parser.error("N must be at least 2")
    generate = {"call-chain": call_chain, "deep": deep, "long": long_functions}
    sys.stdout.write(generate[args.kind](args.n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
