"""interfaces/web"""
