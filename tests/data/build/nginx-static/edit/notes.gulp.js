ignored change
