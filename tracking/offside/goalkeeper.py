"""The defending goalkeeper, told over a clip by his shirt, and the Law's second-last opponent.

Law 11: a player is in an offside position when he is nearer the opponents' goal line than both the
ball and the second-last opponent. The last opponent is usually the goalkeeper, but not always: a
goalkeeper who has come out may stand ahead of his deepest outfield player, and then the second-last
opponent is whichever of the goalkeeper and the next outfield player is deeper. So the goalkeeper
and the outfield players are ordered by one depth along the attack.

A goalkeeper wears a colour of his own. Over a clip he is, more often than anyone, the deepest person
of the defending side: his colour is learned from the frames whose deepest person (not an attacker)
wears a shirt of another hue than the defenders' (:func:`learn_goalkeeper`). Hue, not lightness: a
defender on the far touchline, in the shade, wears his team's shirt darker (Liverpool v Benfica).
Without it (a single frame, the goalkeeper out of the picture, or in a shirt of his team's hue) he
is taken to stand behind his deepest outfield player, as he does in nearly every offside situation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.offside.players import OffsidePlayer
from tracking.teams import OTHERS, TeamColours, hue_distance

# x the teams' typical spread: a hue this far from the defenders' is not theirs (a defender's shirt in
# the shade or in the sun strays up to twice the spread in hue: Liverpool v Benfica's reds).
AWAY_FROM_THE_TEAM = 2.0
HIS_COLOUR = 1.5  # x the typical spread: a hue this near the goalkeeper's is his
FRAMES_TO_LEARN = 3  # frames whose deepest person wears the goalkeeper's colour


@dataclass(frozen=True)
class Goalkeeper:
    """The defending goalkeeper's shirt colour (Lab), learned over a clip."""

    colour: npt.NDArray[np.float32]
    defenders: int  # the team he keeps goal for (tracking.teams label)
    teams: TeamColours

    def is_him(self, player: OffsidePlayer) -> bool:
        """Whether ``player`` wears the goalkeeper's colour (nearer it than his outfield players')."""
        if player.shirt is None or player.team not in (OTHERS, self.defenders):
            return False
        shirt = np.array(player.shirt, np.float32)
        if np.isnan(shirt).any():
            return False
        to_him = hue_distance(shirt, self.colour)
        to_the_team = hue_distance(shirt, self.teams.centres[self.defenders])
        return to_him <= HIS_COLOUR * self.teams.typical and to_him < to_the_team


def learn_goalkeeper(
    frames: Sequence[Sequence[OffsidePlayer]], defenders: int, teams: TeamColours
) -> Goalkeeper | None:
    """The defending goalkeeper's colour from a clip's frames (each frame's players), or None when
    fewer than ``FRAMES_TO_LEARN`` frames, and fewer than half of those whose deepest defending-side
    person wears a colour of his own, agree on one."""
    team_colour = teams.centres[defenders]
    shirts = []
    for players in frames:
        side = [p for p in players if p.team in (OTHERS, defenders) and p.shirt is not None]
        if not side:
            continue
        deepest = np.array(max(side, key=lambda p: p.depth).shirt, np.float32)
        if (
            not np.isnan(deepest).any()
            and hue_distance(deepest, team_colour) > AWAY_FROM_THE_TEAM * teams.typical
        ):
            shirts.append(deepest)
    if len(shirts) < FRAMES_TO_LEARN:
        return None
    seen = np.array(shirts)
    centre = np.median(seen, axis=0)
    his = seen[[hue_distance(s, centre) <= HIS_COLOUR * teams.typical for s in seen]]
    if len(his) < FRAMES_TO_LEARN or 2 * len(his) < len(seen):
        return None
    return Goalkeeper(np.median(his, axis=0).astype(np.float32), defenders, teams)


def second_last_opponent(
    players: Sequence[OffsidePlayer], defenders: int, goalkeeper: Goalkeeper | None = None
) -> OffsidePlayer | None:
    """The second-last opponent by the Law: the goalkeeper (when he is told apart and in view) and the
    defending outfield players ordered by their depth, the second of them. Without the goalkeeper in
    view he is behind the deepest outfield player, who is then the one."""
    keepers = [p for p in players if goalkeeper is not None and goalkeeper.is_him(p)]
    outfield = sorted(
        (p for p in players if p.team == defenders and p not in keepers), key=lambda p: -p.depth
    )
    if not keepers:
        return outfield[0] if outfield else None
    ordered = sorted([max(keepers, key=lambda p: p.depth), *outfield], key=lambda p: -p.depth)
    return ordered[1] if len(ordered) >= 2 else None
