/* ps_model: save / load of Naive Bayes models; the byte layout is in FORMAT.md.
 * Every multi-byte field is written and read byte by byte, little-endian. */
#include "ps_model.h"
#include "ps_nb_internal.h"
#include <stdlib.h>
#include <string.h>

static const uint8_t MAGIC[8] = {0x89, 'P', 'S', 'N', 'B', 0x0D, 0x0A, 0x1A};
#define HEADER_SIZE 16u
#define OPTS_SIZE 24u
#define CLASS_FIXED 30u   /* docs u32 + prior f64 + wmin f64 + wscale f64 + label_len u16 */

/* slicing-by-4 tables: crc_table[0] is the classic byte table (reflected 0xEDB88320) */
static const uint32_t crc_table[4][256] = {
    {
        0x00000000u, 0x77073096u, 0xEE0E612Cu, 0x990951BAu, 0x076DC419u, 0x706AF48Fu,
        0xE963A535u, 0x9E6495A3u, 0x0EDB8832u, 0x79DCB8A4u, 0xE0D5E91Eu, 0x97D2D988u,
        0x09B64C2Bu, 0x7EB17CBDu, 0xE7B82D07u, 0x90BF1D91u, 0x1DB71064u, 0x6AB020F2u,
        0xF3B97148u, 0x84BE41DEu, 0x1ADAD47Du, 0x6DDDE4EBu, 0xF4D4B551u, 0x83D385C7u,
        0x136C9856u, 0x646BA8C0u, 0xFD62F97Au, 0x8A65C9ECu, 0x14015C4Fu, 0x63066CD9u,
        0xFA0F3D63u, 0x8D080DF5u, 0x3B6E20C8u, 0x4C69105Eu, 0xD56041E4u, 0xA2677172u,
        0x3C03E4D1u, 0x4B04D447u, 0xD20D85FDu, 0xA50AB56Bu, 0x35B5A8FAu, 0x42B2986Cu,
        0xDBBBC9D6u, 0xACBCF940u, 0x32D86CE3u, 0x45DF5C75u, 0xDCD60DCFu, 0xABD13D59u,
        0x26D930ACu, 0x51DE003Au, 0xC8D75180u, 0xBFD06116u, 0x21B4F4B5u, 0x56B3C423u,
        0xCFBA9599u, 0xB8BDA50Fu, 0x2802B89Eu, 0x5F058808u, 0xC60CD9B2u, 0xB10BE924u,
        0x2F6F7C87u, 0x58684C11u, 0xC1611DABu, 0xB6662D3Du, 0x76DC4190u, 0x01DB7106u,
        0x98D220BCu, 0xEFD5102Au, 0x71B18589u, 0x06B6B51Fu, 0x9FBFE4A5u, 0xE8B8D433u,
        0x7807C9A2u, 0x0F00F934u, 0x9609A88Eu, 0xE10E9818u, 0x7F6A0DBBu, 0x086D3D2Du,
        0x91646C97u, 0xE6635C01u, 0x6B6B51F4u, 0x1C6C6162u, 0x856530D8u, 0xF262004Eu,
        0x6C0695EDu, 0x1B01A57Bu, 0x8208F4C1u, 0xF50FC457u, 0x65B0D9C6u, 0x12B7E950u,
        0x8BBEB8EAu, 0xFCB9887Cu, 0x62DD1DDFu, 0x15DA2D49u, 0x8CD37CF3u, 0xFBD44C65u,
        0x4DB26158u, 0x3AB551CEu, 0xA3BC0074u, 0xD4BB30E2u, 0x4ADFA541u, 0x3DD895D7u,
        0xA4D1C46Du, 0xD3D6F4FBu, 0x4369E96Au, 0x346ED9FCu, 0xAD678846u, 0xDA60B8D0u,
        0x44042D73u, 0x33031DE5u, 0xAA0A4C5Fu, 0xDD0D7CC9u, 0x5005713Cu, 0x270241AAu,
        0xBE0B1010u, 0xC90C2086u, 0x5768B525u, 0x206F85B3u, 0xB966D409u, 0xCE61E49Fu,
        0x5EDEF90Eu, 0x29D9C998u, 0xB0D09822u, 0xC7D7A8B4u, 0x59B33D17u, 0x2EB40D81u,
        0xB7BD5C3Bu, 0xC0BA6CADu, 0xEDB88320u, 0x9ABFB3B6u, 0x03B6E20Cu, 0x74B1D29Au,
        0xEAD54739u, 0x9DD277AFu, 0x04DB2615u, 0x73DC1683u, 0xE3630B12u, 0x94643B84u,
        0x0D6D6A3Eu, 0x7A6A5AA8u, 0xE40ECF0Bu, 0x9309FF9Du, 0x0A00AE27u, 0x7D079EB1u,
        0xF00F9344u, 0x8708A3D2u, 0x1E01F268u, 0x6906C2FEu, 0xF762575Du, 0x806567CBu,
        0x196C3671u, 0x6E6B06E7u, 0xFED41B76u, 0x89D32BE0u, 0x10DA7A5Au, 0x67DD4ACCu,
        0xF9B9DF6Fu, 0x8EBEEFF9u, 0x17B7BE43u, 0x60B08ED5u, 0xD6D6A3E8u, 0xA1D1937Eu,
        0x38D8C2C4u, 0x4FDFF252u, 0xD1BB67F1u, 0xA6BC5767u, 0x3FB506DDu, 0x48B2364Bu,
        0xD80D2BDAu, 0xAF0A1B4Cu, 0x36034AF6u, 0x41047A60u, 0xDF60EFC3u, 0xA867DF55u,
        0x316E8EEFu, 0x4669BE79u, 0xCB61B38Cu, 0xBC66831Au, 0x256FD2A0u, 0x5268E236u,
        0xCC0C7795u, 0xBB0B4703u, 0x220216B9u, 0x5505262Fu, 0xC5BA3BBEu, 0xB2BD0B28u,
        0x2BB45A92u, 0x5CB36A04u, 0xC2D7FFA7u, 0xB5D0CF31u, 0x2CD99E8Bu, 0x5BDEAE1Du,
        0x9B64C2B0u, 0xEC63F226u, 0x756AA39Cu, 0x026D930Au, 0x9C0906A9u, 0xEB0E363Fu,
        0x72076785u, 0x05005713u, 0x95BF4A82u, 0xE2B87A14u, 0x7BB12BAEu, 0x0CB61B38u,
        0x92D28E9Bu, 0xE5D5BE0Du, 0x7CDCEFB7u, 0x0BDBDF21u, 0x86D3D2D4u, 0xF1D4E242u,
        0x68DDB3F8u, 0x1FDA836Eu, 0x81BE16CDu, 0xF6B9265Bu, 0x6FB077E1u, 0x18B74777u,
        0x88085AE6u, 0xFF0F6A70u, 0x66063BCAu, 0x11010B5Cu, 0x8F659EFFu, 0xF862AE69u,
        0x616BFFD3u, 0x166CCF45u, 0xA00AE278u, 0xD70DD2EEu, 0x4E048354u, 0x3903B3C2u,
        0xA7672661u, 0xD06016F7u, 0x4969474Du, 0x3E6E77DBu, 0xAED16A4Au, 0xD9D65ADCu,
        0x40DF0B66u, 0x37D83BF0u, 0xA9BCAE53u, 0xDEBB9EC5u, 0x47B2CF7Fu, 0x30B5FFE9u,
        0xBDBDF21Cu, 0xCABAC28Au, 0x53B39330u, 0x24B4A3A6u, 0xBAD03605u, 0xCDD70693u,
        0x54DE5729u, 0x23D967BFu, 0xB3667A2Eu, 0xC4614AB8u, 0x5D681B02u, 0x2A6F2B94u,
        0xB40BBE37u, 0xC30C8EA1u, 0x5A05DF1Bu, 0x2D02EF8Du,
    },
    {
        0x00000000u, 0x191B3141u, 0x32366282u, 0x2B2D53C3u, 0x646CC504u, 0x7D77F445u,
        0x565AA786u, 0x4F4196C7u, 0xC8D98A08u, 0xD1C2BB49u, 0xFAEFE88Au, 0xE3F4D9CBu,
        0xACB54F0Cu, 0xB5AE7E4Du, 0x9E832D8Eu, 0x87981CCFu, 0x4AC21251u, 0x53D92310u,
        0x78F470D3u, 0x61EF4192u, 0x2EAED755u, 0x37B5E614u, 0x1C98B5D7u, 0x05838496u,
        0x821B9859u, 0x9B00A918u, 0xB02DFADBu, 0xA936CB9Au, 0xE6775D5Du, 0xFF6C6C1Cu,
        0xD4413FDFu, 0xCD5A0E9Eu, 0x958424A2u, 0x8C9F15E3u, 0xA7B24620u, 0xBEA97761u,
        0xF1E8E1A6u, 0xE8F3D0E7u, 0xC3DE8324u, 0xDAC5B265u, 0x5D5DAEAAu, 0x44469FEBu,
        0x6F6BCC28u, 0x7670FD69u, 0x39316BAEu, 0x202A5AEFu, 0x0B07092Cu, 0x121C386Du,
        0xDF4636F3u, 0xC65D07B2u, 0xED705471u, 0xF46B6530u, 0xBB2AF3F7u, 0xA231C2B6u,
        0x891C9175u, 0x9007A034u, 0x179FBCFBu, 0x0E848DBAu, 0x25A9DE79u, 0x3CB2EF38u,
        0x73F379FFu, 0x6AE848BEu, 0x41C51B7Du, 0x58DE2A3Cu, 0xF0794F05u, 0xE9627E44u,
        0xC24F2D87u, 0xDB541CC6u, 0x94158A01u, 0x8D0EBB40u, 0xA623E883u, 0xBF38D9C2u,
        0x38A0C50Du, 0x21BBF44Cu, 0x0A96A78Fu, 0x138D96CEu, 0x5CCC0009u, 0x45D73148u,
        0x6EFA628Bu, 0x77E153CAu, 0xBABB5D54u, 0xA3A06C15u, 0x888D3FD6u, 0x91960E97u,
        0xDED79850u, 0xC7CCA911u, 0xECE1FAD2u, 0xF5FACB93u, 0x7262D75Cu, 0x6B79E61Du,
        0x4054B5DEu, 0x594F849Fu, 0x160E1258u, 0x0F152319u, 0x243870DAu, 0x3D23419Bu,
        0x65FD6BA7u, 0x7CE65AE6u, 0x57CB0925u, 0x4ED03864u, 0x0191AEA3u, 0x188A9FE2u,
        0x33A7CC21u, 0x2ABCFD60u, 0xAD24E1AFu, 0xB43FD0EEu, 0x9F12832Du, 0x8609B26Cu,
        0xC94824ABu, 0xD05315EAu, 0xFB7E4629u, 0xE2657768u, 0x2F3F79F6u, 0x362448B7u,
        0x1D091B74u, 0x04122A35u, 0x4B53BCF2u, 0x52488DB3u, 0x7965DE70u, 0x607EEF31u,
        0xE7E6F3FEu, 0xFEFDC2BFu, 0xD5D0917Cu, 0xCCCBA03Du, 0x838A36FAu, 0x9A9107BBu,
        0xB1BC5478u, 0xA8A76539u, 0x3B83984Bu, 0x2298A90Au, 0x09B5FAC9u, 0x10AECB88u,
        0x5FEF5D4Fu, 0x46F46C0Eu, 0x6DD93FCDu, 0x74C20E8Cu, 0xF35A1243u, 0xEA412302u,
        0xC16C70C1u, 0xD8774180u, 0x9736D747u, 0x8E2DE606u, 0xA500B5C5u, 0xBC1B8484u,
        0x71418A1Au, 0x685ABB5Bu, 0x4377E898u, 0x5A6CD9D9u, 0x152D4F1Eu, 0x0C367E5Fu,
        0x271B2D9Cu, 0x3E001CDDu, 0xB9980012u, 0xA0833153u, 0x8BAE6290u, 0x92B553D1u,
        0xDDF4C516u, 0xC4EFF457u, 0xEFC2A794u, 0xF6D996D5u, 0xAE07BCE9u, 0xB71C8DA8u,
        0x9C31DE6Bu, 0x852AEF2Au, 0xCA6B79EDu, 0xD37048ACu, 0xF85D1B6Fu, 0xE1462A2Eu,
        0x66DE36E1u, 0x7FC507A0u, 0x54E85463u, 0x4DF36522u, 0x02B2F3E5u, 0x1BA9C2A4u,
        0x30849167u, 0x299FA026u, 0xE4C5AEB8u, 0xFDDE9FF9u, 0xD6F3CC3Au, 0xCFE8FD7Bu,
        0x80A96BBCu, 0x99B25AFDu, 0xB29F093Eu, 0xAB84387Fu, 0x2C1C24B0u, 0x350715F1u,
        0x1E2A4632u, 0x07317773u, 0x4870E1B4u, 0x516BD0F5u, 0x7A468336u, 0x635DB277u,
        0xCBFAD74Eu, 0xD2E1E60Fu, 0xF9CCB5CCu, 0xE0D7848Du, 0xAF96124Au, 0xB68D230Bu,
        0x9DA070C8u, 0x84BB4189u, 0x03235D46u, 0x1A386C07u, 0x31153FC4u, 0x280E0E85u,
        0x674F9842u, 0x7E54A903u, 0x5579FAC0u, 0x4C62CB81u, 0x8138C51Fu, 0x9823F45Eu,
        0xB30EA79Du, 0xAA1596DCu, 0xE554001Bu, 0xFC4F315Au, 0xD7626299u, 0xCE7953D8u,
        0x49E14F17u, 0x50FA7E56u, 0x7BD72D95u, 0x62CC1CD4u, 0x2D8D8A13u, 0x3496BB52u,
        0x1FBBE891u, 0x06A0D9D0u, 0x5E7EF3ECu, 0x4765C2ADu, 0x6C48916Eu, 0x7553A02Fu,
        0x3A1236E8u, 0x230907A9u, 0x0824546Au, 0x113F652Bu, 0x96A779E4u, 0x8FBC48A5u,
        0xA4911B66u, 0xBD8A2A27u, 0xF2CBBCE0u, 0xEBD08DA1u, 0xC0FDDE62u, 0xD9E6EF23u,
        0x14BCE1BDu, 0x0DA7D0FCu, 0x268A833Fu, 0x3F91B27Eu, 0x70D024B9u, 0x69CB15F8u,
        0x42E6463Bu, 0x5BFD777Au, 0xDC656BB5u, 0xC57E5AF4u, 0xEE530937u, 0xF7483876u,
        0xB809AEB1u, 0xA1129FF0u, 0x8A3FCC33u, 0x9324FD72u,
    },
    {
        0x00000000u, 0x01C26A37u, 0x0384D46Eu, 0x0246BE59u, 0x0709A8DCu, 0x06CBC2EBu,
        0x048D7CB2u, 0x054F1685u, 0x0E1351B8u, 0x0FD13B8Fu, 0x0D9785D6u, 0x0C55EFE1u,
        0x091AF964u, 0x08D89353u, 0x0A9E2D0Au, 0x0B5C473Du, 0x1C26A370u, 0x1DE4C947u,
        0x1FA2771Eu, 0x1E601D29u, 0x1B2F0BACu, 0x1AED619Bu, 0x18ABDFC2u, 0x1969B5F5u,
        0x1235F2C8u, 0x13F798FFu, 0x11B126A6u, 0x10734C91u, 0x153C5A14u, 0x14FE3023u,
        0x16B88E7Au, 0x177AE44Du, 0x384D46E0u, 0x398F2CD7u, 0x3BC9928Eu, 0x3A0BF8B9u,
        0x3F44EE3Cu, 0x3E86840Bu, 0x3CC03A52u, 0x3D025065u, 0x365E1758u, 0x379C7D6Fu,
        0x35DAC336u, 0x3418A901u, 0x3157BF84u, 0x3095D5B3u, 0x32D36BEAu, 0x331101DDu,
        0x246BE590u, 0x25A98FA7u, 0x27EF31FEu, 0x262D5BC9u, 0x23624D4Cu, 0x22A0277Bu,
        0x20E69922u, 0x2124F315u, 0x2A78B428u, 0x2BBADE1Fu, 0x29FC6046u, 0x283E0A71u,
        0x2D711CF4u, 0x2CB376C3u, 0x2EF5C89Au, 0x2F37A2ADu, 0x709A8DC0u, 0x7158E7F7u,
        0x731E59AEu, 0x72DC3399u, 0x7793251Cu, 0x76514F2Bu, 0x7417F172u, 0x75D59B45u,
        0x7E89DC78u, 0x7F4BB64Fu, 0x7D0D0816u, 0x7CCF6221u, 0x798074A4u, 0x78421E93u,
        0x7A04A0CAu, 0x7BC6CAFDu, 0x6CBC2EB0u, 0x6D7E4487u, 0x6F38FADEu, 0x6EFA90E9u,
        0x6BB5866Cu, 0x6A77EC5Bu, 0x68315202u, 0x69F33835u, 0x62AF7F08u, 0x636D153Fu,
        0x612BAB66u, 0x60E9C151u, 0x65A6D7D4u, 0x6464BDE3u, 0x662203BAu, 0x67E0698Du,
        0x48D7CB20u, 0x4915A117u, 0x4B531F4Eu, 0x4A917579u, 0x4FDE63FCu, 0x4E1C09CBu,
        0x4C5AB792u, 0x4D98DDA5u, 0x46C49A98u, 0x4706F0AFu, 0x45404EF6u, 0x448224C1u,
        0x41CD3244u, 0x400F5873u, 0x4249E62Au, 0x438B8C1Du, 0x54F16850u, 0x55330267u,
        0x5775BC3Eu, 0x56B7D609u, 0x53F8C08Cu, 0x523AAABBu, 0x507C14E2u, 0x51BE7ED5u,
        0x5AE239E8u, 0x5B2053DFu, 0x5966ED86u, 0x58A487B1u, 0x5DEB9134u, 0x5C29FB03u,
        0x5E6F455Au, 0x5FAD2F6Du, 0xE1351B80u, 0xE0F771B7u, 0xE2B1CFEEu, 0xE373A5D9u,
        0xE63CB35Cu, 0xE7FED96Bu, 0xE5B86732u, 0xE47A0D05u, 0xEF264A38u, 0xEEE4200Fu,
        0xECA29E56u, 0xED60F461u, 0xE82FE2E4u, 0xE9ED88D3u, 0xEBAB368Au, 0xEA695CBDu,
        0xFD13B8F0u, 0xFCD1D2C7u, 0xFE976C9Eu, 0xFF5506A9u, 0xFA1A102Cu, 0xFBD87A1Bu,
        0xF99EC442u, 0xF85CAE75u, 0xF300E948u, 0xF2C2837Fu, 0xF0843D26u, 0xF1465711u,
        0xF4094194u, 0xF5CB2BA3u, 0xF78D95FAu, 0xF64FFFCDu, 0xD9785D60u, 0xD8BA3757u,
        0xDAFC890Eu, 0xDB3EE339u, 0xDE71F5BCu, 0xDFB39F8Bu, 0xDDF521D2u, 0xDC374BE5u,
        0xD76B0CD8u, 0xD6A966EFu, 0xD4EFD8B6u, 0xD52DB281u, 0xD062A404u, 0xD1A0CE33u,
        0xD3E6706Au, 0xD2241A5Du, 0xC55EFE10u, 0xC49C9427u, 0xC6DA2A7Eu, 0xC7184049u,
        0xC25756CCu, 0xC3953CFBu, 0xC1D382A2u, 0xC011E895u, 0xCB4DAFA8u, 0xCA8FC59Fu,
        0xC8C97BC6u, 0xC90B11F1u, 0xCC440774u, 0xCD866D43u, 0xCFC0D31Au, 0xCE02B92Du,
        0x91AF9640u, 0x906DFC77u, 0x922B422Eu, 0x93E92819u, 0x96A63E9Cu, 0x976454ABu,
        0x9522EAF2u, 0x94E080C5u, 0x9FBCC7F8u, 0x9E7EADCFu, 0x9C381396u, 0x9DFA79A1u,
        0x98B56F24u, 0x99770513u, 0x9B31BB4Au, 0x9AF3D17Du, 0x8D893530u, 0x8C4B5F07u,
        0x8E0DE15Eu, 0x8FCF8B69u, 0x8A809DECu, 0x8B42F7DBu, 0x89044982u, 0x88C623B5u,
        0x839A6488u, 0x82580EBFu, 0x801EB0E6u, 0x81DCDAD1u, 0x8493CC54u, 0x8551A663u,
        0x8717183Au, 0x86D5720Du, 0xA9E2D0A0u, 0xA820BA97u, 0xAA6604CEu, 0xABA46EF9u,
        0xAEEB787Cu, 0xAF29124Bu, 0xAD6FAC12u, 0xACADC625u, 0xA7F18118u, 0xA633EB2Fu,
        0xA4755576u, 0xA5B73F41u, 0xA0F829C4u, 0xA13A43F3u, 0xA37CFDAAu, 0xA2BE979Du,
        0xB5C473D0u, 0xB40619E7u, 0xB640A7BEu, 0xB782CD89u, 0xB2CDDB0Cu, 0xB30FB13Bu,
        0xB1490F62u, 0xB08B6555u, 0xBBD72268u, 0xBA15485Fu, 0xB853F606u, 0xB9919C31u,
        0xBCDE8AB4u, 0xBD1CE083u, 0xBF5A5EDAu, 0xBE9834EDu,
    },
    {
        0x00000000u, 0xB8BC6765u, 0xAA09C88Bu, 0x12B5AFEEu, 0x8F629757u, 0x37DEF032u,
        0x256B5FDCu, 0x9DD738B9u, 0xC5B428EFu, 0x7D084F8Au, 0x6FBDE064u, 0xD7018701u,
        0x4AD6BFB8u, 0xF26AD8DDu, 0xE0DF7733u, 0x58631056u, 0x5019579Fu, 0xE8A530FAu,
        0xFA109F14u, 0x42ACF871u, 0xDF7BC0C8u, 0x67C7A7ADu, 0x75720843u, 0xCDCE6F26u,
        0x95AD7F70u, 0x2D111815u, 0x3FA4B7FBu, 0x8718D09Eu, 0x1ACFE827u, 0xA2738F42u,
        0xB0C620ACu, 0x087A47C9u, 0xA032AF3Eu, 0x188EC85Bu, 0x0A3B67B5u, 0xB28700D0u,
        0x2F503869u, 0x97EC5F0Cu, 0x8559F0E2u, 0x3DE59787u, 0x658687D1u, 0xDD3AE0B4u,
        0xCF8F4F5Au, 0x7733283Fu, 0xEAE41086u, 0x525877E3u, 0x40EDD80Du, 0xF851BF68u,
        0xF02BF8A1u, 0x48979FC4u, 0x5A22302Au, 0xE29E574Fu, 0x7F496FF6u, 0xC7F50893u,
        0xD540A77Du, 0x6DFCC018u, 0x359FD04Eu, 0x8D23B72Bu, 0x9F9618C5u, 0x272A7FA0u,
        0xBAFD4719u, 0x0241207Cu, 0x10F48F92u, 0xA848E8F7u, 0x9B14583Du, 0x23A83F58u,
        0x311D90B6u, 0x89A1F7D3u, 0x1476CF6Au, 0xACCAA80Fu, 0xBE7F07E1u, 0x06C36084u,
        0x5EA070D2u, 0xE61C17B7u, 0xF4A9B859u, 0x4C15DF3Cu, 0xD1C2E785u, 0x697E80E0u,
        0x7BCB2F0Eu, 0xC377486Bu, 0xCB0D0FA2u, 0x73B168C7u, 0x6104C729u, 0xD9B8A04Cu,
        0x446F98F5u, 0xFCD3FF90u, 0xEE66507Eu, 0x56DA371Bu, 0x0EB9274Du, 0xB6054028u,
        0xA4B0EFC6u, 0x1C0C88A3u, 0x81DBB01Au, 0x3967D77Fu, 0x2BD27891u, 0x936E1FF4u,
        0x3B26F703u, 0x839A9066u, 0x912F3F88u, 0x299358EDu, 0xB4446054u, 0x0CF80731u,
        0x1E4DA8DFu, 0xA6F1CFBAu, 0xFE92DFECu, 0x462EB889u, 0x549B1767u, 0xEC277002u,
        0x71F048BBu, 0xC94C2FDEu, 0xDBF98030u, 0x6345E755u, 0x6B3FA09Cu, 0xD383C7F9u,
        0xC1366817u, 0x798A0F72u, 0xE45D37CBu, 0x5CE150AEu, 0x4E54FF40u, 0xF6E89825u,
        0xAE8B8873u, 0x1637EF16u, 0x048240F8u, 0xBC3E279Du, 0x21E91F24u, 0x99557841u,
        0x8BE0D7AFu, 0x335CB0CAu, 0xED59B63Bu, 0x55E5D15Eu, 0x47507EB0u, 0xFFEC19D5u,
        0x623B216Cu, 0xDA874609u, 0xC832E9E7u, 0x708E8E82u, 0x28ED9ED4u, 0x9051F9B1u,
        0x82E4565Fu, 0x3A58313Au, 0xA78F0983u, 0x1F336EE6u, 0x0D86C108u, 0xB53AA66Du,
        0xBD40E1A4u, 0x05FC86C1u, 0x1749292Fu, 0xAFF54E4Au, 0x322276F3u, 0x8A9E1196u,
        0x982BBE78u, 0x2097D91Du, 0x78F4C94Bu, 0xC048AE2Eu, 0xD2FD01C0u, 0x6A4166A5u,
        0xF7965E1Cu, 0x4F2A3979u, 0x5D9F9697u, 0xE523F1F2u, 0x4D6B1905u, 0xF5D77E60u,
        0xE762D18Eu, 0x5FDEB6EBu, 0xC2098E52u, 0x7AB5E937u, 0x680046D9u, 0xD0BC21BCu,
        0x88DF31EAu, 0x3063568Fu, 0x22D6F961u, 0x9A6A9E04u, 0x07BDA6BDu, 0xBF01C1D8u,
        0xADB46E36u, 0x15080953u, 0x1D724E9Au, 0xA5CE29FFu, 0xB77B8611u, 0x0FC7E174u,
        0x9210D9CDu, 0x2AACBEA8u, 0x38191146u, 0x80A57623u, 0xD8C66675u, 0x607A0110u,
        0x72CFAEFEu, 0xCA73C99Bu, 0x57A4F122u, 0xEF189647u, 0xFDAD39A9u, 0x45115ECCu,
        0x764DEE06u, 0xCEF18963u, 0xDC44268Du, 0x64F841E8u, 0xF92F7951u, 0x41931E34u,
        0x5326B1DAu, 0xEB9AD6BFu, 0xB3F9C6E9u, 0x0B45A18Cu, 0x19F00E62u, 0xA14C6907u,
        0x3C9B51BEu, 0x842736DBu, 0x96929935u, 0x2E2EFE50u, 0x2654B999u, 0x9EE8DEFCu,
        0x8C5D7112u, 0x34E11677u, 0xA9362ECEu, 0x118A49ABu, 0x033FE645u, 0xBB838120u,
        0xE3E09176u, 0x5B5CF613u, 0x49E959FDu, 0xF1553E98u, 0x6C820621u, 0xD43E6144u,
        0xC68BCEAAu, 0x7E37A9CFu, 0xD67F4138u, 0x6EC3265Du, 0x7C7689B3u, 0xC4CAEED6u,
        0x591DD66Fu, 0xE1A1B10Au, 0xF3141EE4u, 0x4BA87981u, 0x13CB69D7u, 0xAB770EB2u,
        0xB9C2A15Cu, 0x017EC639u, 0x9CA9FE80u, 0x241599E5u, 0x36A0360Bu, 0x8E1C516Eu,
        0x866616A7u, 0x3EDA71C2u, 0x2C6FDE2Cu, 0x94D3B949u, 0x090481F0u, 0xB1B8E695u,
        0xA30D497Bu, 0x1BB12E1Eu, 0x43D23E48u, 0xFB6E592Du, 0xE9DBF6C3u, 0x516791A6u,
        0xCCB0A91Fu, 0x740CCE7Au, 0x66B96194u, 0xDE0506F1u,
    },
};

uint32_t ps_model_crc32(uint32_t crc, const uint8_t *data, uint32_t len)
{
    uint32_t i = 0;
    crc = ~crc;
    if (!data) return ~crc;
    if (len >= 65536) {
        /* slicing-by-8 for large inputs (a model): the 4 extra tables are derived on the stack
         * (about 1,800 table steps), so there is no global state to initialise */
        uint32_t t[4][256], j;
        for (j = 0; j < 256; j++) {
            uint32_t v = crc_table[3][j];
            v = (v >> 8) ^ crc_table[0][v & 0xFF]; t[0][j] = v;
            v = (v >> 8) ^ crc_table[0][v & 0xFF]; t[1][j] = v;
            v = (v >> 8) ^ crc_table[0][v & 0xFF]; t[2][j] = v;
            v = (v >> 8) ^ crc_table[0][v & 0xFF]; t[3][j] = v;
        }
        for (; i + 8 <= len; i += 8) {
            uint32_t a = crc ^ ((uint32_t)data[i] | ((uint32_t)data[i + 1] << 8) | ((uint32_t)data[i + 2] << 16) |
                                ((uint32_t)data[i + 3] << 24));
            uint32_t b = (uint32_t)data[i + 4] | ((uint32_t)data[i + 5] << 8) | ((uint32_t)data[i + 6] << 16) |
                         ((uint32_t)data[i + 7] << 24);
            crc = t[3][a & 0xFF] ^ t[2][(a >> 8) & 0xFF] ^ t[1][(a >> 16) & 0xFF] ^ t[0][a >> 24] ^
                  crc_table[3][b & 0xFF] ^ crc_table[2][(b >> 8) & 0xFF] ^ crc_table[1][(b >> 16) & 0xFF] ^
                  crc_table[0][b >> 24];
        }
    }
    for (; i + 4 <= len; i += 4) {
        crc ^= (uint32_t)data[i] | ((uint32_t)data[i + 1] << 8) | ((uint32_t)data[i + 2] << 16) | ((uint32_t)data[i + 3] << 24);
        crc = crc_table[3][crc & 0xFF] ^ crc_table[2][(crc >> 8) & 0xFF] ^ crc_table[1][(crc >> 16) & 0xFF] ^
              crc_table[0][crc >> 24];
    }
    for (; i < len; i++) crc = crc_table[0][(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

/* ---------- writing ---------- */

typedef struct wbuf { uint8_t *p; uint32_t n; } wbuf;

static void put_u8(wbuf *w, uint32_t v) { w->p[w->n++] = (uint8_t)v; }
static void put_u16(wbuf *w, uint32_t v) { put_u8(w, v & 0xFF); put_u8(w, (v >> 8) & 0xFF); }
static void put_u32(wbuf *w, uint32_t v) { put_u16(w, v & 0xFFFF); put_u16(w, v >> 16); }
static void put_f64(wbuf *w, double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    put_u32(w, (uint32_t)b);
    put_u32(w, (uint32_t)(b >> 32));
}
static void put_bytes(wbuf *w, const uint8_t *s, uint32_t n) { if (n) memcpy(w->p + w->n, s, n); w->n += n; }
static void put_tag(wbuf *w, const char *tag, uint32_t len) { put_bytes(w, (const uint8_t *)tag, 4); put_u32(w, len); }

static uint32_t common_prefix(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl)
{
    uint32_t i = 0, m = al < bl ? al : bl;
    while (i < m && a[i] == b[i]) i++;
    return i;
}

ps_status ps_nb_model_save(const ps_nb_model *m, uint8_t **out_buf, uint32_t *out_len)
{
    uint64_t clas = 8, vocb = 8, wght, meta = 4, total;
    uint32_t i, c, prev_off = 0, prev_len = 0;
    wbuf w;
    if (!out_buf || !out_len) return PS_ERR_INVALID_ARGUMENT;
    *out_buf = NULL;
    *out_len = 0;
    if (!m) return PS_ERR_INVALID_ARGUMENT;
    for (c = 0; c < m->k; c++) clas += CLASS_FIXED + m->label_len[c];
    for (i = 0; i < m->v; i++) {
        const uint8_t *r = m->rec + m->rec_off[i];
        uint32_t p = i ? common_prefix(m->rec + prev_off, prev_len, r + PS__REC_HDR, r[4]) : 0;
        vocb += 2u + r[4] - p;
        prev_off = m->rec_off[i] + PS__REC_HDR;
        prev_len = r[4];
    }
    wght = (uint64_t)m->v * m->k * (m->opts.weight_bits / 8u);
    for (i = 0; i < m->meta_n; i++) meta += 6u + (uint64_t)m->meta[i].key_len + m->meta[i].value_len;
    total = HEADER_SIZE + 8 + OPTS_SIZE + 8 + clas + 8 + vocb + 8 + wght + 8 + meta + 4;
    if (total > UINT32_MAX) return PS_ERR_NB_TOO_LARGE;
    w.p = (uint8_t *)malloc((size_t)total);
    w.n = 0;
    if (!w.p) return PS_ERR_NO_MEMORY;
    put_bytes(&w, MAGIC, 8);
    put_u16(&w, PS_MODEL_MAJOR);
    put_u16(&w, PS_MODEL_MINOR);
    put_u32(&w, (uint32_t)total);
    /* OPTS */
    put_tag(&w, "OPTS", OPTS_SIZE);
    put_u8(&w, m->opts.tok.ngram_min);
    put_u8(&w, m->opts.tok.ngram_max);
    put_u8(&w, m->opts.tok.stopwords);
    put_u8(&w, m->opts.tok.negation);
    put_u8(&w, m->opts.binary);
    put_u8(&w, m->opts.weight_bits);
    put_u16(&w, 0);
    put_f64(&w, m->opts.alpha);
    put_u32(&w, m->opts.min_df);
    put_u32(&w, m->opts.max_features);
    /* CLAS */
    put_tag(&w, "CLAS", (uint32_t)clas);
    put_u32(&w, m->k);
    put_u32(&w, m->total_docs);
    for (c = 0; c < m->k; c++) {
        put_u32(&w, m->class_docs[c]);
        put_f64(&w, m->log_prior[c]);
        put_f64(&w, m->wmin[c]);
        put_f64(&w, m->wscale[c]);
        put_u16(&w, m->label_len[c]);
        put_bytes(&w, m->labels[c], m->label_len[c]);
    }
    /* VOCB: front-coded tokens in byte order */
    put_tag(&w, "VOCB", (uint32_t)vocb);
    put_u32(&w, m->v);
    put_u32(&w, m->tok_bytes);
    for (i = 0; i < m->v; i++) {
        const uint8_t *r = m->rec + m->rec_off[i], *t = r + PS__REC_HDR;
        uint32_t p = i ? common_prefix(m->rec + prev_off, prev_len, t, r[4]) : 0;
        put_u8(&w, p);
        put_u8(&w, r[4] - p);
        put_bytes(&w, t + p, r[4] - p);
        prev_off = m->rec_off[i] + PS__REC_HDR;
        prev_len = r[4];
    }
    /* WGHT: the records hold the stored weights */
    put_tag(&w, "WGHT", (uint32_t)wght);
    for (i = 0; i < m->v; i++) {
        const uint8_t *r = m->rec + m->rec_off[i];
        put_bytes(&w, r + PS__REC_HDR + r[4], m->wb);
    }
    /* META */
    put_tag(&w, "META", (uint32_t)meta);
    put_u32(&w, m->meta_n);
    for (i = 0; i < m->meta_n; i++) {
        put_u16(&w, m->meta[i].key_len);
        put_bytes(&w, m->meta[i].key, m->meta[i].key_len);
        put_u32(&w, m->meta[i].value_len);
        put_bytes(&w, m->meta[i].value, m->meta[i].value_len);
    }
    put_u32(&w, ps_model_crc32(0, w.p, w.n));
    *out_buf = w.p;
    *out_len = w.n;
    return PS_OK;
}

/* ---------- reading ---------- */

static uint32_t get_u16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static uint32_t get_u32(const uint8_t *p) { return get_u16(p) | (get_u16(p + 2) << 16); }
static double get_f64(const uint8_t *p)
{
    uint64_t b = (uint64_t)get_u32(p) | ((uint64_t)get_u32(p + 4) << 32);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}
static int finite_in(double x, double lim) { return x >= -lim && x <= lim; }  /* false for NaN */

typedef struct section { const uint8_t *p; uint32_t len; int found; } section;

ps_status ps_nb_model_load(const uint8_t *data, uint32_t len, ps_nb_model **out)
{
    section opts = {0, 0, 0}, clas = {0, 0, 0}, vocb = {0, 0, 0}, wght = {0, 0, 0}, meta = {0, 0, 0};
    ps_nb_options o;
    uint32_t major, minor, file_len, pos, end, k, v, tok_bytes, meta_n = 0, i, c, q, sum, bits;
    uint64_t docs_sum = 0;
    ps_nb_model *m = NULL;
    uint64_t *hashes = NULL;
    ps_status st;
    if (!out) return PS_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (!data && len > 0) return PS_ERR_INVALID_ARGUMENT;
    /* length -> magic -> version -> declared length -> checksum */
    if (len < HEADER_SIZE + 4) return (len >= 8 && memcmp(data, MAGIC, 8) != 0) ? PS_ERR_MODEL_MAGIC : PS_ERR_MODEL_TRUNCATED;
    if (memcmp(data, MAGIC, 8) != 0) return PS_ERR_MODEL_MAGIC;
    major = get_u16(data + 8);
    minor = get_u16(data + 10);
    if (major != PS_MODEL_MAJOR) return PS_ERR_MODEL_VERSION;
    file_len = get_u32(data + 12);
    if (file_len > len) return PS_ERR_MODEL_TRUNCATED;
    if (file_len < len || file_len < HEADER_SIZE + 4) return PS_ERR_MODEL_CORRUPT;
    if (ps_model_crc32(0, data, len - 4) != get_u32(data + len - 4)) return PS_ERR_MODEL_CHECKSUM;
    /* sections */
    end = len - 4;
    for (pos = HEADER_SIZE; pos < end;) {
        section *s = NULL;
        uint32_t slen;
        if (end - pos < 8) return PS_ERR_MODEL_CORRUPT;
        slen = get_u32(data + pos + 4);
        if (slen > end - pos - 8) return PS_ERR_MODEL_CORRUPT;
        if (memcmp(data + pos, "OPTS", 4) == 0) s = &opts;
        else if (memcmp(data + pos, "CLAS", 4) == 0) s = &clas;
        else if (memcmp(data + pos, "VOCB", 4) == 0) s = &vocb;
        else if (memcmp(data + pos, "WGHT", 4) == 0) s = &wght;
        else if (memcmp(data + pos, "META", 4) == 0) s = &meta;
        if (s) {
            if (s->found) return PS_ERR_MODEL_CORRUPT;
            s->found = 1;
            s->p = data + pos + 8;
            s->len = slen;
        } else if (minor <= PS_MODEL_MINOR) {
            return PS_ERR_MODEL_CORRUPT;  /* unknown sections only in newer minors */
        }
        pos += 8 + slen;
    }
    if (!opts.found || !clas.found || !vocb.found || !wght.found) return PS_ERR_MODEL_CORRUPT;
    /* OPTS */
    if (opts.len < OPTS_SIZE || (opts.len != OPTS_SIZE && minor <= PS_MODEL_MINOR)) return PS_ERR_MODEL_CORRUPT;
    o.tok.ngram_min = opts.p[0];
    o.tok.ngram_max = opts.p[1];
    o.tok.stopwords = opts.p[2];
    o.tok.negation = opts.p[3];
    o.binary = opts.p[4];
    o.weight_bits = opts.p[5];
    o.alpha = get_f64(opts.p + 8);
    o.min_df = get_u32(opts.p + 16);
    o.max_features = get_u32(opts.p + 20);
    if (get_u16(opts.p + 6) != 0 || ps_tok_options_check(&o.tok) != PS_OK || o.binary > 1 ||
        (o.weight_bits != 8 && o.weight_bits != 16 && o.weight_bits != 32) || !(o.alpha >= 1e-9 && o.alpha <= 1e6) ||
        o.min_df < 1)
        return PS_ERR_MODEL_CORRUPT;
    bits = o.weight_bits;
    /* CLAS */
    if (clas.len < 8) return PS_ERR_MODEL_CORRUPT;
    k = get_u32(clas.p);
    if (k < 2 || k > PS_NB_MAX_CLASSES || k > (clas.len - 8) / CLASS_FIXED) return PS_ERR_MODEL_CORRUPT;
    for (pos = 8, c = 0; c < k; c++) {
        uint32_t ll, j;
        double lp, wmin, wscale, levels = bits == 8 ? 255.0 : 65535.0;
        if (clas.len - pos < CLASS_FIXED) return PS_ERR_MODEL_CORRUPT;
        docs_sum += get_u32(clas.p + pos);
        lp = get_f64(clas.p + pos + 4);
        wmin = get_f64(clas.p + pos + 12);
        wscale = get_f64(clas.p + pos + 20);
        ll = get_u16(clas.p + pos + 28);
        if (!finite_in(lp, 1e6) || lp > 0 || !finite_in(wmin, 1e6) || !finite_in(wscale, 1e6) || wscale < 0 ||
            (bits != 32 && !finite_in(wmin + levels * wscale, 1e6)))
            return PS_ERR_MODEL_CORRUPT;
        pos += CLASS_FIXED;
        if (ll == 0 || ll > PS_NB_MAX_LABEL || ll > clas.len - pos || !ps__utf8_valid(clas.p + pos, ll))
            return PS_ERR_MODEL_CORRUPT;
        for (j = 8, i = 0; i < c; i++) {  /* labels must be distinct */
            uint32_t jl = get_u16(clas.p + j + 28);
            if (jl == ll && memcmp(clas.p + j + CLASS_FIXED, clas.p + pos, ll) == 0) return PS_ERR_MODEL_CORRUPT;
            j += CLASS_FIXED + jl;
        }
        pos += ll;
    }
    if (pos != clas.len || docs_sum != get_u32(clas.p + 4)) return PS_ERR_MODEL_CORRUPT;
    /* VOCB: first pass checks every entry against the bytes left */
    if (vocb.len < 8) return PS_ERR_MODEL_CORRUPT;
    v = get_u32(vocb.p);
    tok_bytes = get_u32(vocb.p + 4);
    if (v < 1 || v > PS__NB_MAX_VOCAB || v > (vocb.len - 8) / 3 || (uint64_t)tok_bytes > (uint64_t)v * 255u) return PS_ERR_MODEL_CORRUPT;
    for (pos = 8, sum = 0, q = 0, i = 0; i < v; i++) {
        uint32_t pre, suf;
        if (vocb.len - pos < 2) return PS_ERR_MODEL_CORRUPT;
        pre = vocb.p[pos];
        suf = vocb.p[pos + 1];
        if (pre > q || suf == 0 || pre + suf > 255 || suf > vocb.len - pos - 2) return PS_ERR_MODEL_CORRUPT;
        q = pre + suf;
        sum += q;
        pos += 2 + suf;
    }
    if (pos != vocb.len || sum != tok_bytes) return PS_ERR_MODEL_CORRUPT;
    /* WGHT */
    if ((uint64_t)wght.len != (uint64_t)v * k * (bits / 8)) return PS_ERR_MODEL_CORRUPT;
    /* META */
    if (meta.found) {
        if (meta.len < 4) return PS_ERR_MODEL_CORRUPT;
        meta_n = get_u32(meta.p);
        if (meta_n > PS__NB_MAX_META || meta_n > (meta.len - 4) / 6) return PS_ERR_MODEL_CORRUPT;
        for (pos = 4, i = 0; i < meta_n; i++) {
            uint32_t kl, vl;
            if (meta.len - pos < 2) return PS_ERR_MODEL_CORRUPT;
            kl = get_u16(meta.p + pos);
            pos += 2;
            if (kl == 0 || kl > PS_NB_MAX_META_KEY || meta.len - pos < kl + 4u || !ps__utf8_valid(meta.p + pos, kl))
                return PS_ERR_MODEL_CORRUPT;
            pos += kl;
            vl = get_u32(meta.p + pos);
            pos += 4;
            if (vl > PS_NB_MAX_META_VALUE || vl > meta.len - pos || !ps__utf8_valid(meta.p + pos, vl))
                return PS_ERR_MODEL_CORRUPT;
            pos += vl;
        }
        if (pos != meta.len) return PS_ERR_MODEL_CORRUPT;
    }
    /* everything is consistent: allocate and fill */
    if ((st = ps__nb_model_alloc(k, v, tok_bytes, bits, &m)) != PS_OK) return st;
    m->opts = o;
    m->total_docs = get_u32(clas.p + 4);
    st = PS_ERR_NO_MEMORY;
    for (pos = 8, c = 0; c < k; c++) {
        uint32_t ll = get_u16(clas.p + pos + 28);
        m->class_docs[c] = get_u32(clas.p + pos);
        m->log_prior[c] = get_f64(clas.p + pos + 4);
        m->wmin[c] = get_f64(clas.p + pos + 12);
        m->wscale[c] = get_f64(clas.p + pos + 20);
        m->labels[c] = (uint8_t *)malloc(ll + 1u);
        if (!m->labels[c]) goto fail;
        memcpy(m->labels[c], clas.p + pos + CLASS_FIXED, ll);
        m->labels[c][ll] = 0;
        m->label_len[c] = ll;
        pos += CLASS_FIXED + ll;
    }
    /* one pass decodes every token into its record, next to its weights, and hashes it. Copies go by
     * whole 8-byte chunks (the record buffer has 8 bytes of padding; reads from data stay inside it).
     * The hash state after each of the previous token's first 3 words is kept: the words inside the
     * shared prefix are not hashed again. */
    hashes = (uint64_t *)malloc((size_t)v * sizeof *hashes);
    if (!hashes) goto fail;
    {
        const uint8_t *vp = vocb.p, *wp = wght.p, *prev_t = NULL, *dend = data + len;
        uint32_t off = 0, plen = 0, wb = m->wb, pn = 0, pend[3];
        uint64_t pg[4];
        pg[0] = 0;
        for (pos = 8, i = 0; i < v; i++) {
            uint32_t pre = vp[pos], suf = vp[pos + 1], j;
            const uint8_t *src = vp + pos + 2;
            uint8_t *r = m->rec + off, *t = r + PS__REC_HDR;
            /* strictly ascending, and pre is the longest common prefix: the new token extends the
             * previous one or its first differing byte is larger (O(1), no duplicates possible) */
            if (i && !(pre == plen || src[0] > prev_t[pre])) { st = PS_ERR_MODEL_CORRUPT; goto fail; }
            r[0] = (uint8_t)i; r[1] = (uint8_t)(i >> 8); r[2] = (uint8_t)(i >> 16); r[3] = (uint8_t)(i >> 24);
            r[4] = (uint8_t)(pre + suf);
            for (j = 0; j < pre; j += 8) memcpy(t + j, prev_t + j, 8);
            if ((size_t)(dend - src) >= suf + 8u) for (j = 0; j < suf; j += 8) memcpy(t + pre + j, src + j, 8);
            else memcpy(t + pre, src, suf);
            t += pre + suf;
            if ((size_t)(dend - wp) >= wb + 8u) for (j = 0; j < wb; j += 8) memcpy(t + j, wp + j, 8);
            else memcpy(t, wp, wb);
            if (bits == 32) {
                for (j = 0; j < wb; j += 4) {
                    uint32_t b = get_u32(wp + j);
                    if ((b & 0x7FFFFFFFu) > 0x7149F2CAu) { st = PS_ERR_MODEL_CORRUPT; goto fail; }  /* |w| > 1e30 or NaN */
                }
            }
            {   /* hash: reuse the words that end before the shared prefix does */
                const uint8_t *tk = r + PS__REC_HDR;
                uint32_t nw = 0, wq, we, tl = pre + suf;
                uint64_t g;
                while (nw < pn && pend[nw] < pre) nw++;
                g = pg[nw];
                wq = nw ? pend[nw - 1] + 1 : 0;
                while (wq < tl) {
                    for (we = wq; we < tl && tk[we] != ' '; we++) {}
                    if (we > wq) {
                        g = ps__tok_hash_add(g, ps__tok_word_hash_padded(tk + wq, we - wq));
                        if (nw < 3) { pend[nw] = we; pg[++nw] = g; }
                    }
                    wq = we + 1;
                }
                pn = nw;
                hashes[i] = ps__tok_hash_final(g);
            }
            m->rec_off[i] = off;
            prev_t = r + PS__REC_HDR;
            plen = pre + suf;
            off += PS__REC_HDR + plen + wb;
            wp += wb;
            pos += 2 + suf;
        }
    }
    st = ps__nb_model_index(m, hashes);
    free(hashes);
    hashes = NULL;
    if (st != PS_OK) goto fail;
    for (pos = 4, i = 0; i < meta_n; i++) {
        uint32_t kl = get_u16(meta.p + pos), vl = get_u32(meta.p + pos + 2 + kl);
        st = ps_nb_model_meta_set(m, meta.p + pos + 2, kl, meta.p + pos + 6 + kl, vl);
        if (st != PS_OK) goto fail;
        if (m->meta_n != i + 1) { st = PS_ERR_MODEL_CORRUPT; goto fail; }  /* duplicate key */
        pos += 6 + kl + vl;
    }
    *out = m;
    return PS_OK;
fail:
    free(hashes);
    ps_nb_model_destroy(m);
    return st;
}
