"""The code lists of DCSA Track & Trace 3.0.0, written out.

DCSA's TNT 3.0.0 OpenAPI file (``dcsa_spec/TNT_v3.0.0.yaml``, marked work in progress) has no
``enum``: each code list is written in the description of its property, as lines
``- `CODE` - Meaning``. Each list below is that description's, keyed by the schema and property it
is cited from; :mod:`landsea.feeds.dcsa_schema` adds them to the schema as ``enum`` so that the
one validator checks them. Open lists (``Party.codeListProvider``: "including but not limited
to") are left out. The 2.2.0 file has its own ``enum`` and needs nothing here.
"""

from __future__ import annotations

__all__ = ["V3_CODE_LISTS"]

V3_CODE_LISTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("ClassifiedDateTime", "classifier"): ("PLN", "EST", "ACT"),
    ("DocumentReference", "typeCode"): (
        "AMF", "ARN", "BKG", "CAS", "CBR", "CEA", "CEO", "CQU", "CRO", "CUC", "DEI", "DEO", "DGD",
        "FCE", "HCE", "ICE", "INV", "OOG", "PCE", "PFD", "SHI", "TRD", "TRO", "VCE", "VGM",
    ),
    ("EquipmentDetails", "emptyIndicatorCode"): ("EMPTY", "LADEN"),
    ("EquipmentDetails", "movementType"): ("IMPORT", "EXPORT", "TRANSSHIPMENT"),
    ("EventClassification", "eventTypeCode"): ("SHIPMENT", "TRANSPORT", "EQUIPMENT", "IOT", "REEFER"),
    ("EventClassification", "eventClassifierCode"): ("PLN", "EST", "ACT"),
    ("EventClassification", "shipmentEventTypeCode"): (
        "AMCF", "AMCN", "AMDC", "AMPR", "AMRE", "APPR", "CACF", "CADC", "CANC", "CARE", "CMPL",
        "CONF", "DECL", "DRFT", "HOLD", "ISSU", "PENA", "PENM", "PENU", "PSAM", "PSDL", "RECE",
        "REJE", "RELS", "REQS", "SUAM", "SUBM", "SUDL", "SURR", "UPCF", "UPCN", "UPDC", "UPDT",
        "UPRE", "VOID",
    ),
    ("EventClassification", "transportEventTypeCode"): ("ARRI", "DEPA"),
    ("EventClassification", "equipmentEventTypeCode"): (
        "AVDO", "AVPU", "CROS", "CUSI", "CUSR", "CUSS", "DISC", "DROP", "GTIN", "GTOT", "INSP",
        "LOAD", "PICK", "RMVD", "RSEA", "STRP", "STUF",
    ),
    ("EventClassification", "iotEventTypeCode"): ("DETC",),
    ("EventClassification", "reeferEventTypeCode"): ("MEAS", "ADJU"),
    ("Facility", "facilityCodeListProvider"): ("SMDG", "BIC"),
    ("FeedbackElement", "severity"): ("ERROR", "WARN", "INFO"),
    ("IotDetails", "iotEventCode"): ("DRC", "DRO", "LOC"),
    ("Location", "facilityTypeCode"): (
        "BORD", "CLOC", "COFS", "OFFD", "DEPO", "INTE", "POTE", "RAMP", "WAYP",
    ),
    ("ReeferDetails", "temperatureUnit"): ("CEL", "FAH"),
    ("ReeferParameters", "airExchangeUnit"): ("MQH", "FQH"),
    ("Seal", "source"): ("CAR", "CNS", "CST", "CUS", "PHY", "SHI", "TER", "VET"),
    ("Seal", "type"): ("KLP", "BLT", "WIR"),
    ("Seal", "placement"): ("DOOR", "VENT"),
    ("ShipmentDetails", "shipmentLocationType"): (
        "FCD", "IEL", "OIR", "ORI", "PCF", "PDE", "POD", "POL", "PRE", "PTP", "RTP",
    ),
    ("ShipmentReference", "typeCode"): (
        "AAO", "AES", "BID", "BPR", "CER", "CR", "CSI", "DUE", "ECR", "EQ", "FF", "PO", "RUC", "SI",
    ),
    ("TemperatureProbeMeasurement", "COAProbeUDMKey"): ("P19", "P20", "P21", "P22"),
    ("TransportCall", "modeOfTransport"): ("VESSEL", "RAIL", "TRUCK", "BARGE", "MULTIMODAL"),
}  # fmt: skip
