"""The schedule: an agenda by date (the past week, today, the coming weeks) of scheduled,
published and expired articles, beside a month grid of this month and the next."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.sanitize import clean_line
from tui.core.search.filters import Filter
from tui.core.site.conventions import site_zone
from tui.core.views.schedule import Entry, build_schedule, read_timings
from tui.ui.worker_errors import ShowsWorkerErrors

if TYPE_CHECKING:
    from tui.ui.app import DraftdeckApp

DAYS_BACK = 30
DAYS_AHEAD = 90
WIDE_BACK = 5 * 365  # `w`: the whole recent history
WIDE_AHEAD = 2 * 365
MARKS = {"scheduled": "◷", "published": "✓", "expired": "✕", "draft": "✎"}


def local_day(entry: Entry) -> date:
    return entry.at.date()


def section_of(day: date, today: date) -> str:
    """Earlier, Past week, Today, Tomorrow, This week, Next week, Week of …"""
    if day < today - timedelta(days=7):
        return f"{day:%B %Y}"
    if day < today:
        return "Past week"
    if day == today:
        return f"Today · {today:%a %d %b}"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    monday = today - timedelta(days=today.weekday())
    weeks = (day - monday).days // 7
    if weeks == 0:
        return "Later this week"
    if weeks == 1:
        return "Next week"
    if weeks > 8:
        return f"{day:%B %Y}"
    start = monday + timedelta(weeks=weeks)
    return f"Week of {start:%a %d %b}"


def agenda_line(entry: Entry) -> Content:
    a = entry.article
    when = entry.when
    hour = f" {when:%H:%M}" if isinstance(when, datetime) else ""
    return Content.assemble(
        (f"{local_day(entry):%a %d %b}{hour:<6} ", "dim"),
        (f"{MARKS.get(entry.state, '·')} {entry.state:<9} ", "bold"),
        clean_line(a.title),
        (f"  {clean_line(a.status or 'no status')}", "dim"),
    )


def month_grid(year: int, month: int, marked: dict[date, int], today: date) -> Content:
    """A month as a terminal calendar: days with articles bold and underlined, today reversed."""
    parts: list[str | tuple[str, str]] = [(f"{calendar.month_name[month]} {year}\n", "bold"),
                                          ("Mo Tu We Th Fr Sa Su\n", "dim")]
    for week in calendar.Calendar().monthdatescalendar(year, month):
        for i, day in enumerate(week):
            sep = " " if i < 6 else "\n"
            if day.month != month:
                parts.append("  " + sep)
                continue
            style = ""
            if marked.get(day):
                style = "bold underline"
            if day == today:
                style = (style + " reverse").strip()
            parts.append((f"{day.day:>2}", style) if style else f"{day.day:>2}")
            parts.append(sep)
    return Content.assemble(*parts)


class ScheduleScreen(ShowsWorkerErrors, Screen[None]):
    DEFAULT_CSS = """
    ScheduleScreen #schedule-body { height: 1fr; }
    ScheduleScreen #agenda { width: 1fr; height: 1fr; }
    ScheduleScreen #months { width: 24; height: 1fr; padding: 0 1; }
    ScheduleScreen .month { margin-bottom: 1; }
    ScheduleScreen #schedule-hint { width: 1fr; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "open", "Open"),
        Binding("d", "toggle_drafts", "Drafts"),
        Binding("w", "toggle_wide", "Wider"),
        Binding("escape,A", "close", "Back"),
    ]

    def __init__(self, now: datetime | None = None) -> None:
        super().__init__()
        self.now = now
        self.show_drafts = False
        self.wide = False
        self.entries: list[Entry] = []
        self._shown: list[Entry] = []

    @property
    def dd(self) -> DraftdeckApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="schedule-body"):
            yield OptionList(id="agenda")
            with Vertical(id="months"):
                yield Static(Content(""), id="month-1", classes="month")
                yield Static(Content(""), id="month-2", classes="month")
        yield Label(Content("Reading publish and expiry dates…"), id="schedule-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "draftdeck · schedule"
        self.query_one("#agenda", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="schedule", exit_on_error=False)
    def load(self) -> None:
        now = self.now or datetime.now(UTC)
        current = self.dd.main.current_filter()
        articles = Filter(categories=current.categories, query=current.query).apply(
            self.dd.ws.articles())
        timings = read_timings(articles, self.dd.ws.read)
        back, ahead = self.window()
        entries = build_schedule(articles, now, back=timedelta(days=back),
                                 ahead=timedelta(days=ahead), timings=timings,
                                 zone=site_zone(self.dd.config))
        self.app.call_from_thread(self.show, entries, now)

    def window(self) -> tuple[int, int]:
        return (WIDE_BACK, WIDE_AHEAD) if self.wide else (DAYS_BACK, DAYS_AHEAD)

    def show(self, entries: list[Entry], now: datetime) -> None:
        self.entries = entries
        self.now = now
        today = now.date()
        shown = [e for e in entries if self.show_drafts or e.state != "draft"]
        agenda = self.query_one("#agenda", OptionList)
        agenda.clear_options()
        options: list[Option] = []
        section = None
        for i, entry in enumerate(shown):
            title = section_of(local_day(entry), today)
            if title != section:
                options.append(Option(Content.assemble((title, "bold underline")),
                                      disabled=True))
                section = title
            options.append(Option(agenda_line(entry), id=f"e{i}"))
        if not shown:
            back, ahead = self.window()
            options.append(Option(Content(
                f"Nothing scheduled, published or expired between "
                f"{today - timedelta(days=back)} and {today + timedelta(days=ahead)}"
                + (" (w looks further)." if not self.wide else ".")), disabled=True))
        agenda.add_options(options)
        self._shown = shown
        first_ahead = next((j for j, o in enumerate(options)
                            if not o.disabled and o.id
                            and local_day(shown[int(o.id[1:])]) >= today), None)
        if first_ahead is not None:
            agenda.highlighted = first_ahead
        marked: dict[date, int] = {}
        for e in shown:
            marked[local_day(e)] = marked.get(local_day(e), 0) + 1
        nxt = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        self.query_one("#month-1", Static).update(
            month_grid(today.year, today.month, marked, today))
        self.query_one("#month-2", Static).update(month_grid(nxt.year, nxt.month, marked, today))
        counts: dict[str, int] = {}
        for e in shown:
            counts[e.state] = counts.get(e.state, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "nothing dated"
        drafts = "shown" if self.show_drafts else "hidden"
        back, ahead = self.window()
        self.query_one("#schedule-hint", Label).update(Content(
            f"{summary} · {back} days back, {ahead} ahead (w) · dated drafts {drafts} (d) · "
            "enter open · esc back"))
        self.sub_title = clean_line(str(self.dd.display_root))

    def action_toggle_drafts(self) -> None:
        self.show_drafts = not self.show_drafts
        if self.now is not None:
            self.show(self.entries, self.now)

    def action_toggle_wide(self) -> None:
        self.wide = not self.wide
        self.load()

    def action_open(self) -> None:
        if self.app.screen is not self:
            return
        agenda = self.query_one("#agenda", OptionList)
        index = agenda.highlighted
        if index is None:
            return
        option = agenda.get_option_at_index(index)
        if option.disabled or not option.id:
            return
        path = self._shown[int(option.id[1:])].article.path
        self.app.pop_screen()
        self.dd.main.open_from_palette(path)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_close(self) -> None:
        self.app.pop_screen()
