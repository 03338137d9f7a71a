"""Sea routes for the simulator: straight where the sea allows, around the land where it does not.

The land is the report's bundled Natural Earth 1:50m coastline (data/report/land.geojson). A leg
whose straight line stays at sea is sailed straight; any other leg follows the shortest path over
a grid of sea cells (A*), smoothed to the fewest straight stretches that stay at sea. Ports lie on
the coast, so the first and last few kilometres of a leg, in and out of port, may touch land.
"""

from __future__ import annotations

import heapq
import json
import math
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, shape
from shapely.ops import substring

LAND = Path(str(resources.files("sanctionwatch") / "data" / "report" / "land.geojson"))
#: The waters the simulator sails (west, south, east, north): the Yellow Sea to the Sea of Japan.
REGION = (112.0, 26.0, 150.0, 52.0)
#: Grid cell, degrees (about 20 km): fine enough for the Korea Strait, coarse enough to be quick.
CELL = 0.2
#: How far (degrees, about 3 km) a planned route keeps off the coast.
MARGIN = 0.03
#: Around a leg's ends (degrees, about 8 km), the way into or out of port, land is allowed.
PORT_REACH = 0.08
_STEPS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]


class Sea:
    """The land of the bundled coastline, and routes that keep off it."""

    def __init__(self) -> None:
        features = json.loads(LAND.read_text(encoding="utf-8"))["features"]
        # make_valid: the decoded polygons hold self-touching rings that GEOS refuses to union
        land = shapely.union_all([shapely.make_valid(shape(feature["geometry"])) for feature in features])
        self.land = land.intersection(shapely.box(*REGION))
        self.coast = self.land.buffer(MARGIN)
        shapely.prepare(self.land)
        shapely.prepare(self.coast)
        west, south, east, north = REGION
        self.origin = (south, west)
        self.lats = np.arange(south, north, CELL) + CELL / 2
        self.lons = np.arange(west, east, CELL) + CELL / 2
        lon_grid, lat_grid = np.meshgrid(self.lons, self.lats)
        half = CELL / 2
        cells = shapely.box(lon_grid - half, lat_grid - half, lon_grid + half, lat_grid + half)
        # a cell is open when all of it is off the coast: a move between two neighbouring open cells
        # then stays inside them, at sea
        self.open = ~shapely.intersects(self.coast, cells)
        self._routes: dict[tuple[tuple[float, float], tuple[float, float]], list[tuple[float, float]]] = {}

    def on_land(self, lat: float, lon: float) -> bool:
        return bool(shapely.contains_xy(self.land, lon, lat))

    def clear_of_coast(self, lat: float, lon: float) -> bool:
        return not bool(shapely.contains_xy(self.coast, lon, lat))

    def clear(
        self, start: tuple[float, float], end: tuple[float, float], free: tuple[bool, bool] = (True, True)
    ) -> bool:
        """Whether the straight line stays off the coast, but for the way in and out of port at the
        ends that are ``free`` (a leg's own ends, not the turning points of a route)."""
        line = LineString([(start[1], start[0]), (end[1], end[0])])
        cut = (PORT_REACH if free[0] else 0.0, line.length - (PORT_REACH if free[1] else 0.0))
        if cut[1] <= cut[0]:
            return True
        return not self.coast.intersects(substring(line, *cut))

    def route(self, start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
        """The points to sail through from ``start`` to ``end`` (``end`` last, ``start`` left out)."""
        key = (start, end)
        if key not in self._routes:
            if len(self._routes) > 10_000:
                self._routes.clear()
            self._routes[key] = self._route(start, end)
        return self._routes[key]

    def _route(self, start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
        if self.clear(start, end):
            return [end]
        path = self._cells(self._cell(*start), self._cell(*end))
        if path is None:
            return [end]  # no way round at this resolution: a straight leg rather than none
        points = [start, *[self._centre(*cell) for cell in path], end]
        return self._smooth(points)[1:]

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        """The open cell nearest to the point."""
        row = int((lat - self.origin[0]) / CELL)
        col = int((lon - self.origin[1]) / CELL)
        return _nearest_open(
            self.open, min(max(row, 0), self.open.shape[0] - 1), min(max(col, 0), self.open.shape[1] - 1)
        )

    def _centre(self, row: int, col: int) -> tuple[float, float]:
        return float(self.lats[row]), float(self.lons[col])

    def _cells(self, start: tuple[int, int], goal: tuple[int, int]) -> list[tuple[int, int]] | None:
        """A* over open cells, eight neighbours, distances in cells scaled by the latitude."""
        scale = math.cos(math.radians(self.lats[goal[0]]))

        def estimate(cell: tuple[int, int]) -> float:
            return math.hypot(cell[0] - goal[0], (cell[1] - goal[1]) * scale)

        came: dict[tuple[int, int], tuple[int, int]] = {}
        cost = {start: 0.0}
        frontier = [(estimate(start), start)]
        rows, cols = self.open.shape
        while frontier:
            _, cell = heapq.heappop(frontier)
            if cell == goal:
                path = [cell]
                while cell in came:
                    cell = came[cell]
                    path.append(cell)
                return path[::-1]
            for dy, dx in _STEPS:
                row, col = cell[0] + dy, cell[1] + dx
                if not (0 <= row < rows and 0 <= col < cols and self.open[row, col]):
                    continue
                step = math.hypot(dy, dx * scale)
                new = cost[cell] + step
                if new < cost.get((row, col), math.inf):
                    cost[(row, col)] = new
                    came[(row, col)] = cell
                    heapq.heappush(frontier, (new + estimate((row, col)), (row, col)))
        return None

    def _smooth(self, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        """The fewest straight stretches through ``points`` that stay at sea."""
        kept = [points[0]]
        at = 0
        while at < len(points) - 1:
            reach = at + 1
            while reach + 1 < len(points) and self.clear(
                points[at], points[reach + 1], (at == 0, reach + 1 == len(points) - 1)
            ):
                reach += 1
            kept.append(points[reach])
            at = reach
        return kept


def _nearest_open(grid: np.ndarray, row: int, col: int) -> tuple[int, int]:
    if grid[row, col]:
        return row, col
    for radius in range(1, max(grid.shape)):
        rows = slice(max(row - radius, 0), row + radius + 1)
        cols = slice(max(col - radius, 0), col + radius + 1)
        found = np.argwhere(grid[rows, cols])
        if len(found):
            offsets = found + [rows.start, cols.start]
            best = offsets[np.argmin(np.hypot(offsets[:, 0] - row, offsets[:, 1] - col))]
            return int(best[0]), int(best[1])
    return row, col


@cache
def sea() -> Sea:
    """The one Sea of the process: building the land and its grid takes a moment."""
    return Sea()
