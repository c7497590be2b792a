"""The My CPD record: its settings (data/cpd-record.yml), checked, and the
page and data the browser's script (docs/assets/js/cpd-record.js) works
from. Imports only core/.
"""
