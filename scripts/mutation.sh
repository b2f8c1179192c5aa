#!/usr/bin/env bash
# Mutation testing of Glossator's core (modules where a wrong answer loses data
# or corrupts training data), with mutmut from PyPI, at the lowest CPU priority.
#
# Usage: bash scripts/mutation.sh [MODULE ...]      default: text tokens span_index attrs figures
#        bash scripts/mutation.sh all               every module below (hours on 2 cores)
#        bash scripts/mutation.sh --report MODULE   print the last run's report again
#        bash scripts/mutation.sh --sample N MODULE ...   SAMPLED mode: generate every mutant
#            and the per-test stats, then run only a fixed-seed random sample of N mutants
#            (seed 17, MUTATION_SEED=S for another) and print the sample's kill rate with a
#            95 % confidence interval and the module's total number of mutants
#        bash scripts/mutation.sh --retest MODULE   after adding tests: copy the worktree's
#            tests into the last run's scratch copy and re-run only its surviving mutants
#            (those listed in mutation-equivalents.md are not re-run; after a sampled run,
#            only the sample's survivors: the same sample, before and after)
# Modules: text tokens span_index attrs figures store services formats
#          (the table with each module's tests is in scripts/mutation_report.py).
# Each module is mutated in a scratch copy under .mutation/MODULE (git-ignored);
# prints per module the kill rate and the surviving mutants with their diffs.
# Equivalent mutants are listed, with a reason, in scripts/mutation-equivalents.md.
# MUTATION_JOBS=N runs N mutants at a time (default 1: the machine is shared).
# MUTATION_REV=COMMIT mutates that commit's code and tests instead of the
# worktree (e.g. to measure the kill rate before new tests); scratch copy
# .mutation/MODULE@COMMIT.
set -euo pipefail

# The whole script is one function, read before it runs: editing this file
# during a long run cannot change the run.
main() {
    cd "$(dirname "$0")/.."
    ROOT=$PWD
    [ -x .venv/bin/python ] || bash scripts/setup.sh
    MUTMUT_VERSION=3.8.1   # the [tool.mutmut] keys in pyproject.toml are this version's
    if ! .venv/bin/python -c "import mutmut" 2>/dev/null; then
        .venv/bin/python -m pip install -q "mutmut==$MUTMUT_VERSION"
    fi
    PY=$ROOT/.venv/bin/python
    HELPER=$ROOT/scripts/mutation_report.py
    export QT_QPA_PLATFORM=offscreen
    # scripts/mutation_plugin.py (`-p mutation_plugin` in [tool.mutmut]) clears
    # the product's caches in each mutant's process
    export PYTHONPATH=$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}

    if [ "${1:-}" = "--report" ]; then
        shift
        for name in "$@"; do
            "$PY" "$HELPER" report "$name" "$ROOT/.mutation/$name${MUTATION_REV:+@$MUTATION_REV}" "$ROOT/.venv/bin/mutmut"
        done
        return 0
    fi
    # the PostgreSQL backend's tests need a server: a throwaway one, as scripts/test.sh does
    if [ -z "${GLOSSATOR_TEST_POSTGRES:-}" ]; then
        if pg_env=$(bash scripts/postgres.sh start); then
            eval "$pg_env"
            trap 'bash scripts/postgres.sh stop "$GLOSSATOR_PG_DIR"' EXIT
        else
            echo "No PostgreSQL server: its tests are skipped, the PostgreSQL backend's mutants survive" >&2
        fi
    fi

    if [ "${1:-}" = "--retest" ]; then
        shift
        local name work alive
        for name in "$@"; do
            work=$ROOT/.mutation/$name
            [ -d "$work/mutants" ] || { echo "no earlier run of $name in ${work#$ROOT/}" >&2; return 2; }
            alive=$("$PY" "$HELPER" alive "$work" "$ROOT/.venv/bin/mutmut")  # listed ones are skipped
            for dir in "$work" "$work/mutants"; do
                rm -rf "$dir/tests" && cp -r "$ROOT/tests" "$dir/tests"
            done
            echo "== $name: re-testing $(echo "$alive" | grep -c .) surviving mutants (log: ${work#$ROOT/}.retest.log)"
            if [ -n "$alive" ]; then
                (cd "$work" && nice -n 19 "$ROOT/.venv/bin/mutmut" run --max-children "${MUTATION_JOBS:-1}" $alive) \
                    >"$work.retest.log" 2>&1 || { tail -n 20 "$work.retest.log" >&2; return 1; }
            fi
            "$PY" "$HELPER" report "$name" "$work" "$ROOT/.venv/bin/mutmut"
        done
        return 0
    fi
    sample=
    if [ "${1:-}" = "--sample" ]; then
        sample=${2:?--sample needs a number of mutants}
        case $sample in ''|*[!0-9]*) echo "--sample: not a number: $sample" >&2; return 2;; esac
        shift 2
    fi
    if [ "$#" -eq 0 ]; then
        set -- $("$PY" "$HELPER" modules default)
    elif [ "$1" = "all" ]; then
        set -- $("$PY" "$HELPER" modules all)
    fi

    status=0
    for name in "$@"; do
        work=$ROOT/.mutation/$name${MUTATION_REV:+@$MUTATION_REV}
        log=$work.log
        "$PY" "$HELPER" prepare "$name" "$work" ${MUTATION_REV:-} || { status=2; continue; }
        echo "== $name${MUTATION_REV:+ at $MUTATION_REV}: mutating (log: ${log#$ROOT/})"
        started=$(date +%s)
        chosen=
        if [ -n "$sample" ]; then
            # mutmut has no "generate only": a run filtered on a name no mutant has
            # generates every mutant and collects the stats, then stops on its
            # "nothing matches" assertion before running any mutant
            (cd "$work" && nice -n 19 "$ROOT/.venv/bin/mutmut" run --max-children "${MUTATION_JOBS:-1}" \
                "generate-only-no-such-mutant") >"$work.gen.log" 2>&1 || true
            if ! grep -q "nothing matches" "$work.gen.log"; then
                echo "mutmut could not generate the mutants of $name; last lines of ${work#$ROOT/}.gen.log:" >&2
                tail -n 20 "$work.gen.log" >&2
                status=1
                continue
            fi
            chosen=$("$PY" "$HELPER" sample "$sample" "$work" "$ROOT/.venv/bin/mutmut")
            echo "   generated $(cat "$work/generated.txt"); running a sample of $(echo "$chosen" | grep -c .)"
        fi
        if ! (cd "$work" && nice -n 19 "$ROOT/.venv/bin/mutmut" run --max-children "${MUTATION_JOBS:-1}" $chosen) \
                >"$log" 2>&1; then
            echo "mutmut failed for $name; last lines of ${log#$ROOT/}:" >&2
            tail -n 20 "$log" >&2
            status=1
            continue
        fi
        echo "   took $(( $(date +%s) - started )) s"
        "$PY" "$HELPER" report "$name" "$work" "$ROOT/.venv/bin/mutmut" || status=1
    done
    return $status
}
main "$@"; exit $?  # one line: bash has read it before main runs
