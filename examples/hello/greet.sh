#!/bin/sh
echo "Hello from @NAME@: built and run by berthd on $(uname -sr)"
