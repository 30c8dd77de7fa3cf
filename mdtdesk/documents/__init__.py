"""Document models (minutes, agenda, care plan) and their PDF and DOCX renderers.

Never imports Qt: exports run from the command line without a display.
"""
