"""Physics closures: pure functions of the local state returning coefficients, SI units, numpy only.

Every engine calls these; none of them knows about meshes, engines or materials.
"""
