#pragma once
// A reader: the layer above core that the core header of this tree wrongly includes.
