"""Pure equations of the GPC / IPCC 2006 methods: numbers or arrays in, numbers or arrays out.

They read no files, look up no factors and know nothing of Excel; :mod:`gpc.engine` and the sector
modules gather their inputs and record provenance.
"""
