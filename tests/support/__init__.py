"""What tests share: environments, builders, real servers on loopback, HTTP clients.

Test modules import from here, never from each other.
"""
