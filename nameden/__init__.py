"""The site package and the committee side: organisation, nämnder, sammanträden.

`nameden` never imports `remiss`; the dependency runs one way only.
"""
