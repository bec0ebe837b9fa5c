"""The baseline page for bench/page.py and bench/browser.py: one slider and one text."""

import streamlit as st

temperature = st.select_slider("Temperature T", options=[0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0],
                               value=1.0, key="T")
st.write(f"T = {temperature}")
