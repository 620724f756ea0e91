"""The verifiable draw: commit, draw, verify (README, "Verifiable draws")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..settings import Status
from .shared import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    Candidates,
    Constraints,
    ExitCode,
    Force,
    LotteryObjective,
    Objective,
    PanelSize,
    ReportFormat,
    ReportFormatOption,
    Seed,
    Within,
    _explained,
    _finish,
    _input_errors,
    _keeps,
    _outputs,
    _roster_csv,
    _save,
    _say,
    _show,
    app,
)

PublicValue = Annotated[
    str,
    typer.Option(
        help="The public random value: a drand round's randomness (64 hex digits), or the "
        "numbers drawn in public, groups separated by '/'."
    ),
]
CommittedCandidates = Annotated[
    Path | None,
    typer.Option("--candidates", help="Candidate list (default: the path in the commitment)."),
]
CommittedConstraints = Annotated[
    Path | None,
    typer.Option("--constraints", help="Constraint file (default: the path in the commitment)."),
]
CommitmentFile = Annotated[Path, typer.Argument(help="Commitment file written by `commit`.")]


@app.command("commit")
def commit_command(  # long: typer declares each option in the signature
    out: Annotated[
        Path, typer.Option(help="Write the commitment (JSON) here, and its hash as OUT.sha256.")
    ],
    source: Annotated[
        str,
        typer.Option(
            help="The public random value that will be used, as announced (e.g. 'drand "
            "quicknet round 123456', or 'the numbers drawn at the meeting of 5 May')."
        ),
    ],
    drand_round: Annotated[
        int | None, typer.Option(min=1, help="The drand round whose randomness will be used.")
    ] = None,
    candidates: Candidates = DEFAULT_CANDIDATES,
    constraints: Constraints = DEFAULT_CONSTRAINTS,
    objective: Objective = LotteryObjective.leximin,
    within: Within = None,
    size: PanelSize = None,
    seed: Seed = 0,
    panels: Annotated[
        int | None,
        typer.Option(min=1, help="Commit to a uniform lottery over this many listed groups."),
    ] = None,
    format: ReportFormatOption = ReportFormat.table,
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Time limit in seconds for the whole lottery.")
    ] = 600.0,
    force: Force = False,
) -> None:
    """Step 1 of a verifiable draw: compute the lottery and commit to it.

    Writes the public record (the distribution, the inputs' SHA-256, the settings, the tool
    version, the announced public random source) to publish, with its hash, before the
    public value exists.
    """
    # Long only by its options, one per line; the body maps them to the api and back.
    with _input_errors():
        from .. import api
        from ..render.live import LiveProgress

        _outputs(out=out, inputs=(candidates, constraints), force=force)
        with LiveProgress() as progress:
            result = api.commit(
                candidates,
                constraints,
                source,
                drand_round=drand_round,
                objective=objective.value,
                within=within,
                size=size,
                seed=seed,
                panels=panels,
                time_limit=time_limit,
                progress=progress,
            )
        written = result.record is not None and _keeps(result.status)
        if written:
            files: list[tuple[Path, str | bytes]] = [
                (out, result.text),
                (out.with_name(out.name + ".sha256"), f"{result.sha256}  {out.name}\n"),
            ]
            _save("commit", files, force, out=out)
    _show(result, format.value)
    if written and format == ReportFormat.table:
        _say(f"Commitment written to {out} (hash in {out.name}.sha256)", err=False)
    lottery = result.lottery
    _finish(_explained(lottery.status, lottery.explanation), result.record is not None)


@app.command("draw")
def draw_command(
    commitment: CommitmentFile,
    public_value: PublicValue,
    candidates: CommittedCandidates = None,
    constraints: CommittedConstraints = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the drawn group (all columns) as CSV here.")
    ] = None,
    format: ReportFormatOption = ReportFormat.table,
    force: Force = False,
) -> None:
    """Step 2 of a verifiable draw: the committed group that the public value draws.

    The seed is the SHA-256 of the commitment's hash and the public value; the inputs must
    be the committed files.
    """
    with _input_errors():
        from .. import api

        given = (commitment, *(p for p in (candidates, constraints) if p is not None))
        _outputs(out=out, inputs=given, force=force, csv_only="--out")
        result = api.draw(commitment, public_value, candidates, constraints)
        if out is not None:
            committed = tuple(Path(f["path"]) for f in result.record["inputs"].values())
            _outputs(out=out, inputs=(*given, *committed), force=True)  # not over an input
            _save("draw", [(out, _roster_csv(result.drawn))], force, out=out)
    _show(result, format.value)
    if out is not None and format == ReportFormat.table:
        _say(f"Drawn group written to {out}", err=False)


@app.command("verify")
def verify_command(
    commitment: CommitmentFile,
    public_value: PublicValue,
    panel: Annotated[
        Path | None, typer.Option(help="The published panel (CSV with an id column) to check.")
    ] = None,
    candidates: CommittedCandidates = None,
    constraints: CommittedConstraints = None,
    commitment_hash: Annotated[
        str | None,
        typer.Option(help="The commitment's SHA-256 as announced before the draw."),
    ] = None,
    recompute: Annotated[
        bool,
        typer.Option(
            "--recompute/--no-recompute",
            help="Recompute the lottery from the inputs and compare it with the commitment.",
        ),
    ] = True,
    time_limit: Annotated[
        float | None,
        typer.Option(min=0.1, help="Time limit for the recomputed lottery (default: committed)."),
    ] = None,
    format: ReportFormatOption = ReportFormat.table,
) -> None:
    """Step 3 of a verifiable draw: redo it from the public files; match or mismatch.

    Checks the commitment's hash, the input files, the distribution (recomputed) and the
    published panel. Exit 0 when everything matches, 1 when something differs.
    """
    with _input_errors():
        from .. import api
        from ..render.live import LiveProgress

        with LiveProgress() as progress:
            result = api.verify(
                commitment,
                public_value,
                candidates,
                constraints,
                panel=panel,
                announced_hash=commitment_hash,
                recompute=recompute,
                time_limit=time_limit,
                progress=progress,
            )
    _show(result, format.value)
    if not result.match:
        raise typer.Exit(int(ExitCode.NONE_EXISTS))
    if result.interrupted:
        _finish(Status.INTERRUPTED, True)
