"""Reading iCalendar feeds (integrations layer): the parts behind `integrations.calendar_feed`.

`feed_text` turns bytes into a calendar or a plain-worded `FeedError`;
`occurrences` expands a calendar's events into exact instants. The fast
path for big feeds reads ordinary events straight from the text:
`plain_text` splits and reads them, `plain_rules` and `plain_instances`
expand their repeats exactly as the library would, and `plain_feed` decides
which events it may take and hands the rest to the library. Callers use
`boundary_app.integrations.calendar_feed`.
"""
