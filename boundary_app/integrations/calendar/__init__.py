"""Reading iCalendar feeds (integrations layer): the parts behind `integrations.calendar_feed`.

`feed_text` turns bytes into a calendar or a plain-worded `FeedError`;
`occurrences` expands a calendar's events into exact instants. Callers use
`boundary_app.integrations.calendar_feed`.
"""
