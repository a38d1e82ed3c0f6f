"""Map products: print layouts from templates, atlas by date and animations.

Nothing here computes a figure: figures come from the plugin's Processing
algorithms (see ``figures.py``); this package lays them out and writes files.
"""
