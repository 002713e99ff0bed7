# Type stubs of tally (bindings/python): editors complete the functions and their options.
import os
from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Union

import numpy
import pandas

__version__: str

_Path = Union[str, os.PathLike[str]]
_Frame = Union[pandas.DataFrame, Mapping[str, Any]]
_Inputs = Union[_Path, _Frame, Sequence[Union[_Path, _Frame]]]
_Keys = Union[str, Sequence[
    Literal["region", "platform", "country", "admin1", "month", "sector", "population_group"]]]
_Result = Union[pandas.DataFrame, "Table"]

class Table(Dict[str, numpy.ndarray]):
    attrs: Dict[str, Any]

class Error(Exception):
    code: int
    name: str
    file: str
    line: int
    detail: str
    def __init__(self, message: str, code: int = ..., name: str = ..., file: str = ...,
                 line: int = ..., detail: str = ...) -> None: ...

class InputError(Error): ...
class ParseError(Error): ...
class CountOverflowError(Error): ...
class UsageError(Error): ...
class ValidationError(Error): ...

def reach(activities: _Inputs, by: _Keys = ...,
          within_sector: Literal["sum", "max-indicator"] = ...,
          intersector: Literal["sum", "max-group", "max-cell", "max-sector",
                               "southern-cone"] = ...,
          country_model: Optional[Union[str, Mapping[str, str]]] = ...,
          in_transit: Literal["exclude", "include", "separate"] = ...,
          geography: Optional[_Path] = ..., columns: Optional[Union[str, _Path]] = ...,
          indicator_types: Optional[_Path] = ..., sector: Optional[str] = ...,
          strict: bool = ..., keep_going: bool = ...) -> _Result: ...
def plan(files: Union[_Path, Sequence[_Path]], by: _Keys = ...,
         in_transit: Literal["exclude", "include", "separate"] = ...,
         geography: Optional[_Path] = ..., country: Optional[str] = ...,
         columns: Optional[Union[str, _Path]] = ..., breakdowns: bool = ...,
         sector: Optional[str] = ..., strict: bool = ..., keep_going: bool = ...) -> _Result: ...
_Columns = Mapping[Literal["activities", "plan", "funding", "requirements"], Union[str, _Path]]

def misalign(activities: Optional[_Inputs] = ..., plan: Optional[_Inputs] = ...,
             funding: Optional[_Inputs] = ..., requirements: Optional[_Inputs] = ...,
             by: Union[str, Sequence[Literal["region", "platform", "country", "sector"]]] = ...,
             sector: Optional[str] = ..., threshold: float = ..., as_of: Optional[str] = ...,
             in_transit: Literal["exclude", "include"] = ..., geography: Optional[_Path] = ...,
             year: Optional[Union[str, int]] = ...,
             plan_code: Optional[Union[str, Sequence[str]]] = ...,
             columns: Optional[_Columns] = ..., strict: bool = ...,
             keep_going: bool = ...) -> _Result: ...
def funding(files: _Inputs, requirements: Optional[_Inputs] = ...,
            plan: Optional[_Inputs] = ...,
            by: Union[str, Sequence[Literal["country", "sector", "organisation", "year",
                                            "plan"]]] = ...,
            allocate: Literal["none", "requirements", "target", "pin"] = ...,
            as_of: Optional[str] = ..., sector: Optional[str] = ...,
            year: Optional[Union[str, int]] = ...,
            plan_code: Optional[Union[str, Sequence[str]]] = ...,
            columns: Optional[Union[str, _Path]] = ...,
            requirements_columns: Optional[Union[str, _Path]] = ..., strict: bool = ...,
            keep_going: bool = ...) -> _Result: ...
def report(activities: Optional[_Inputs] = ..., plan: Optional[_Inputs] = ...,
           funding: Optional[_Inputs] = ..., requirements: Optional[_Inputs] = ...,
           format: Literal["html", "text", "json"] = ..., sector: Optional[str] = ...,
           title: Optional[str] = ..., as_of: Optional[str] = ...,
           geography: Optional[_Path] = ..., year: Optional[Union[str, int]] = ...,
           plan_code: Optional[Union[str, Sequence[str]]] = ...,
           columns: Optional[_Columns] = ..., output: Optional[_Path] = ...,
           strict: bool = ..., keep_going: bool = ...) -> str: ...
def check(files: Union[_Path, Sequence[_Path]], geography: Optional[_Path] = ...,
          columns: Optional[Union[str, _Path]] = ..., indicator_types: Optional[_Path] = ...,
          keep_going: bool = ...) -> _Result: ...
def geography(file: Optional[_Path] = ...) -> _Result: ...
